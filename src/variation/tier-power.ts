/**
 * How sure the default rules are, as measured by `npm run bench -- power` (tier-simulation.ts: seeded areas of 400
 * practices, two families of monthly rates, lasting between-practice log-SD 0.05 and month-to-month 0.05 after case
 * mix). Shown on "How tiers are decided" and in docs/methods.md; re-run the bench and update both when the rules or
 * the method change. Measured 2026-12-05 on the 2-core development machine.
 */
export const TIER_POWER = {
  scenario:
    'simulated areas of 400 practices (list sizes log-normal, median 8,500), two families of monthly rates (8 and 25 events per 1,000 patients a month), practices differing by chance and by a lasting 5% (log-SD 0.05) after case mix',
  falseAlarms: {
    areas: 100,
    belowTheLine: 0,
    couldDoBetter: 0.042,
    couldDoBetterNominal: 1 - 0.975 ** 2,
  },
  /** a median-sized practice at 1.5× on both families, 4 months after the shift */
  headline: { list: 8500, ratio: 1.5, months: 4, power: 0.944, trials: 1000 },
  /** power by list size (rows) × effect (columns) */
  curve: {
    ratios: [1.2, 1.3, 1.5, 2],
    rows: [
      { list: 3000, power: [0, 0.057, 0.627, 1] },
      { list: 5000, power: [0.007, 0.123, 0.857, 1] },
      { list: 8500, power: [0.01, 0.333, 0.943, 1] },
      { list: 15000, power: [0.023, 0.417, 0.97, 1] },
    ],
  },
  /** the same headline as practices truly differ more (lasting log-SD after case mix) */
  spread: [
    { tau: 0.025, power: 1 },
    { tau: 0.05, power: 0.943 },
    { tau: 0.1, power: 0.283 },
    { tau: 0.15, power: 0.013 },
    { tau: 0.28, power: 0 },
  ],
} as const;
