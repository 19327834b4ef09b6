/**
 * Workforce resilience of a practice, from the figures Lantern keeps of NHS Digital's General Practice Workforce
 * collection (financial-year averages): registered patients and full-time equivalents (FTE) of GPs (excluding
 * locums and trainees, column TOTAL_GP_EXTGL_FTE), nurses (TOTAL_NURSES_FTE) and other direct patient care staff
 * (TOTAL_DPC_FTE). Context for commissioners, never tier evidence: pure functions, no I/O.
 */

/** One practice-year as loaded; null where the file gave nothing. */
export interface WorkforceYearInput {
  /** the financial year, e.g. '2022-23' */
  year: string;
  periodStart: string;
  patients: number | null;
  gpFte: number | null;
  nurseFte: number | null;
  dpcFte: number | null;
}

export const STAFF_GROUPS = [
  { key: 'gp', label: 'GPs (excluding locums and trainees)', column: 'TOTAL_GP_EXTGL_FTE' },
  { key: 'nurse', label: 'Nurses', column: 'TOTAL_NURSES_FTE' },
  { key: 'dpc', label: 'Other direct patient care staff', column: 'TOTAL_DPC_FTE' },
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number]['key'];

export interface WorkforceYear extends WorkforceYearInput {
  /**
   * Staff groups whose FTE of 0 for a practice with patients means "not returned" (GPs and nurses: every practice
   * has them), so no figure is made from them that year.
   */
  notReturned: StaffGroup[];
  /** patients ÷ GP FTE; null when either is missing or the GP FTE was not returned */
  patientsPerGpFte: number | null;
  /** GP + nurse + direct patient care FTE; null when a part is missing or not returned */
  clinicianFte: number | null;
  patientsPerClinicianFte: number | null;
  /** each group's share of the clinician FTE (0–1) */
  mix: Record<StaffGroup, number> | null;
}

/** The England (all loaded practices) distribution of patients per GP FTE in one year. */
export interface Distribution {
  periodStart: string;
  practices: number;
  median: number;
  p90: number;
}

export interface Change {
  from: string;
  to: string;
  patients: number | null;
  gpFte: number | null;
  clinicianFte: number | null;
  patientsPerGpFte: number | null;
}

export type FlagCode =
  'small_gp_capacity' | 'falling_gp_fte_rising_list' | 'high_patients_per_gp_fte' | 'not_returned';

export interface Flag {
  code: FlagCode;
  title: string;
  /** the rule, written out */
  rule: string;
  /** what was found, with the figures */
  finding: string;
  /** what the rule cannot tell */
  caveat: string;
}

export interface WorkforceSummary {
  years: WorkforceYear[];
  /** relative change (e.g. −0.12 = 12% fewer) from the earliest to the latest year with the figure */
  change: Change | null;
  flags: Flag[];
}

/** Rule thresholds, written out in each flag's `rule` and in docs/methods.md. */
export const RULES = {
  smallGpFte: 2,
  fallingGpFte: -0.1,
  highCentile: 0.9,
} as const;

const has = (x: number | null): x is number => x !== null && Number.isFinite(x);
const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 100))}%`;
const fmt = (x: number, d = 1) => x.toLocaleString('en-GB', { maximumFractionDigits: d });

/** One year's derived figures. An FTE of 0 for GPs or nurses at a practice with patients is "not returned". */
export function deriveYear(y: WorkforceYearInput): WorkforceYear {
  const withPatients = has(y.patients) && y.patients > 0;
  const notReturned: StaffGroup[] = [];
  if (withPatients && y.gpFte === 0) notReturned.push('gp');
  if (withPatients && y.nurseFte === 0) notReturned.push('nurse');
  const gp = has(y.gpFte) && y.gpFte > 0 ? y.gpFte : null;
  const nurse = has(y.nurseFte) && y.nurseFte > 0 ? y.nurseFte : null;
  // 0 direct patient care FTE is a real answer: those staff are often employed by the primary care network
  const dpc = has(y.dpcFte) ? y.dpcFte : null;
  const clinicianFte = gp !== null && nurse !== null && dpc !== null ? gp + nurse + dpc : null;
  return {
    ...y,
    notReturned,
    patientsPerGpFte: withPatients && gp !== null ? y.patients! / gp : null,
    clinicianFte,
    patientsPerClinicianFte: withPatients && clinicianFte !== null ? y.patients! / clinicianFte : null,
    mix:
      clinicianFte !== null
        ? { gp: gp! / clinicianFte, nurse: nurse! / clinicianFte, dpc: dpc! / clinicianFte }
        : null,
  };
}

/** Relative change of one figure from the earliest to the latest year that has it (null with fewer than two). */
function relativeChange(years: WorkforceYear[], pick: (y: WorkforceYear) => number | null) {
  const withIt = years.filter((y) => has(pick(y)) && pick(y)! > 0);
  if (withIt.length < 2) return null;
  const first = pick(withIt[0]!)!;
  const last = pick(withIt.at(-1)!)!;
  return { from: withIt[0]!.year, to: withIt.at(-1)!.year, change: last / first - 1 };
}

/**
 * The summary: years in order, change and flags. `england` gives each year's distribution of patients per GP FTE
 * over the practices with a returned GP FTE.
 */
export function summariseWorkforce(input: WorkforceYearInput[], england: Distribution[]): WorkforceSummary {
  const years = [...input].sort((a, b) => a.periodStart.localeCompare(b.periodStart)).map(deriveYear);
  const flags: Flag[] = [];
  // the change is measured over the years where both the list and the GP FTE were returned, so both span the same years
  const both = years.filter((y) => y.patientsPerGpFte !== null);
  const change =
    both.length >= 2
      ? {
          from: both[0]!.year,
          to: both.at(-1)!.year,
          patients: relativeChange(both, (y) => y.patients)?.change ?? null,
          gpFte: relativeChange(both, (y) => y.gpFte)?.change ?? null,
          clinicianFte: relativeChange(both, (y) => y.clinicianFte)?.change ?? null,
          patientsPerGpFte: relativeChange(both, (y) => y.patientsPerGpFte)?.change ?? null,
        }
      : null;

  const latest = both.at(-1);
  if (latest && latest.gpFte! < RULES.smallGpFte)
    flags.push({
      code: 'small_gp_capacity',
      title: 'Few GPs',
      rule: `In the latest year with a returned GP FTE, fewer than ${RULES.smallGpFte} GP full-time equivalents (excluding locums and trainees).`,
      finding: `${fmt(latest.gpFte!, 2)} GP FTE in ${latest.year} for ${fmt(latest.patients!, 0)} patients.`,
      caveat:
        'FTE, not headcount: Lantern does not load the headcount columns, so one full-time GP and two part-time GPs read alike. Locums, GP trainees and GPs employed by the primary care network are not counted.',
    });
  if (change?.gpFte !== null && change?.gpFte !== undefined && change.patients !== null)
    // 4.5 / 5 − 1 is −0.0999…98 in floating point: a fall of exactly 10% must count
    if (change.gpFte <= RULES.fallingGpFte + 1e-9 && change.patients > 0)
      flags.push({
        code: 'falling_gp_fte_rising_list',
        title: 'Falling GP FTE against a rising list',
        rule: `GP FTE fell by ${Math.abs(RULES.fallingGpFte * 100)}% or more while registered patients rose, from the earliest to the latest year with both returned.`,
        finding: `GP FTE ${pct(change.gpFte)} and patients ${pct(change.patients)} from ${change.from} to ${change.to}.`,
        caveat:
          'Year averages of a monthly collection: a change can be a vacancy, a retirement, a partner leaving or a late return. The collection has no vacancy data, and GPs working for the primary care network are not in the practice count.',
      });
  if (latest) {
    const dist = england.find((d) => d.periodStart === latest.periodStart);
    if (dist && latest.patientsPerGpFte! >= dist.p90)
      flags.push({
        code: 'high_patients_per_gp_fte',
        title: 'Many patients per GP',
        rule: `Patients per GP FTE at or above the ${RULES.highCentile * 100}th centile of the ${dist.practices.toLocaleString('en-GB')} practices Lantern holds with a returned GP FTE that year.`,
        finding: `${fmt(latest.patientsPerGpFte!, 0)} patients per GP FTE in ${latest.year}; 90th centile ${fmt(dist.p90, 0)}, median ${fmt(dist.median, 0)}.`,
        caveat:
          'A practice that relies on locums, trainees, or nurses and other clinicians for much of its work reads high here; see patients per clinician FTE.',
      });
  }
  const missing = years.filter((y) => y.notReturned.length > 0);
  if (missing.length > 0)
    flags.push({
      code: 'not_returned',
      title: 'Figures not returned',
      rule: 'A GP or nurse FTE of 0 for a practice with registered patients: the workforce collection records 0 where a practice returned no data, so no figure is made from it.',
      finding: missing
        .map(
          (y) =>
            `${y.notReturned.map((g) => STAFF_GROUPS.find((s) => s.key === g)!.label.split(' (')[0]).join(' and ')} not returned in ${y.year}`,
        )
        .join('; '),
      caveat: 'A real absence of GPs or nurses cannot be told apart from a missing return.',
    });
  return { years, change, flags };
}

/** What the workforce figures cannot show, stated beside every summary. */
export const WORKFORCE_LIMITS = [
  'An FTE of 0 for GPs or nurses means the practice returned no data, not that it has none.',
  'Staff employed by the primary care network (many pharmacists, physiotherapists, paramedics and social prescribers under the Additional Roles scheme) are not in the practice counts; a practice with 0 direct patient care FTE may well have them.',
  'There is no vacancy, turnover, sickness or appointment data: the figures show staff in post, averaged over the year.',
  'Lantern loads FTE for GPs, nurses and direct patient care staff only: headcount, administrative staff, partners and locums or trainees (columns the file has) are not loaded yet.',
  'The latest year (2024-25 in the sample) averages April to January, not a full year.',
] as const;
