/**
 * Practice-level aggregates of the patient rows, published as local indicators: the share of over-75s with a named
 * accountable GP and with a current care plan, frailty among the over-65s, and adults at high predicted risk. They
 * are loaded through the same all-or-nothing path as any file (a re-run of the same counts changes nothing), so the
 * funnel, overview and practice pages, suppression and the audit trail treat them like every other local figure.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/connect.js';
import type { IndicatorDefinition } from '../domain/indicators.js';
import { monthPeriod } from '../domain/periods.js';
import { LoadBuilder } from '../ingest/load-builder.js';
import { writeLoad, type LoadReport } from '../ingest/write.js';
import { practiceCounts, type PracticeCounts } from '../db/repos/population.js';
import { computeResults } from '../variation/compute.js';
import { MODERATE_FROM } from './efi.js';
import { CARE_PLAN_CURRENT_MONTHS } from './care-plan.js';

export const AGGREGATE_SOURCE = 'population_aggregates';

/** Predicted 12-month emergency-admission risk counted as high. */
export const HIGH_RISK = 0.2;

const local = (
  d: Pick<IndicatorDefinition, 'code' | 'title' | 'direction' | 'domain' | 'howToRead'> & {
    numeratorDescription: string;
    denominatorDescription: string;
  },
  synthetic: boolean,
): IndicatorDefinition => ({
  version: 1,
  unit: '%',
  multiplier: 100,
  method: 'proportion',
  orgType: 'practice',
  source: synthetic
    ? 'Lantern population health, from SYNTHETIC patients (not real data)'
    : 'Lantern population health, from the practices’ pseudonymised extracts',
  published: false,
  numeratorKind: 'events',
  family: null,
  ...d,
});

interface Aggregate {
  definition: (synthetic: boolean) => IndicatorDefinition;
  count: (c: PracticeCounts) => { numerator: number; denominator: number };
}

export const AGGREGATES: Aggregate[] = [
  {
    definition: (s) =>
      local(
        {
          code: 'pop_over75_named_gp',
          title: 'Patients aged 75 and over with a named accountable GP',
          domain: 'effectiveness',
          direction: 'higher_better',
          numeratorDescription: 'patients aged 75 and over with a named accountable GP recorded',
          denominatorDescription: 'registered patients aged 75 and over',
          howToRead:
            'Every patient aged 75 and over should have a named GP accountable for their care (GP contract, 2014). Higher is better.',
        },
        s,
      ),
    count: (c) => ({ numerator: c.over75NamedGp, denominator: c.over75 }),
  },
  {
    definition: (s) =>
      local(
        {
          code: 'pop_over75_care_plan',
          title: 'Patients aged 75 and over with a current care plan',
          domain: 'effectiveness',
          direction: 'higher_better',
          numeratorDescription:
            'patients aged 75 and over whose care plan was agreed or reviewed in the last 12 months',
          denominatorDescription: 'registered patients aged 75 and over',
          howToRead:
            'Proactive, personalised care planning for older people with complex needs. Higher is better; a plan counts for 12 months from its agreement or last review.',
        },
        s,
      ),
    count: (c) => ({ numerator: c.over75CurrentPlan, denominator: c.over75 }),
  },
  {
    definition: (s) =>
      local(
        {
          code: 'pop_65plus_frailty_moderate_severe',
          title: 'Patients aged 65 and over with moderate or severe frailty (eFI)',
          domain: 'context',
          direction: 'neither',
          numeratorDescription: `patients aged 65 and over with an electronic Frailty Index above 0.24 (${MODERATE_FROM} or more of 36 deficits)`,
          denominatorDescription: 'registered patients aged 65 and over',
          howToRead:
            'How frail the practice’s older patients are (Clegg et al. 2016). Context for planning, neither high nor low is good in itself; a low figure can also mean deficits are not coded.',
        },
        s,
      ),
    count: (c) => ({ numerator: c.aged65ModerateSevere, denominator: c.aged65 }),
  },
  {
    definition: (s) =>
      local(
        {
          code: 'pop_adults_high_admission_risk',
          title: `Adults with a predicted emergency-admission risk of ${HIGH_RISK * 100}% or more`,
          domain: 'context',
          direction: 'neither',
          numeratorDescription: `adults (18+) whose predicted risk of an emergency admission in the next 12 months is ${HIGH_RISK * 100}% or more`,
          denominatorDescription: 'registered adults (18+) scored by the risk model',
          howToRead:
            'How many of the practice’s adults the risk model places at high risk: the case-finding workload. Context, not a judgement.',
        },
        s,
      ),
    count: (c) => ({ numerator: c.adultsHighRisk, denominator: c.adultsScored }),
  },
];

export const AGGREGATE_CODES = AGGREGATES.map((a) => a.definition(true).code);

/**
 * Load the aggregates of every practice with patients as one load (period: the month of each extract's date), then
 * compute their funnels. Returns null when there is nothing to publish.
 */
export async function publishAggregates(db: Database): Promise<LoadReport | null> {
  const counts = await practiceCounts(db, HIGH_RISK, MODERATE_FROM, CARE_PLAN_CURRENT_MONTHS);
  if (counts.length === 0) return null;
  const synthetic = counts.some((c) => c.synthetic);
  const b = new LoadBuilder();
  for (const a of AGGREGATES) b.indicator(a.definition(synthetic));
  let line = 0;
  for (const c of counts) {
    const period = monthPeriod(c.asAt.slice(0, 7))!;
    for (const a of AGGREGATES) {
      const { numerator, denominator } = a.count(c);
      line++;
      b.value(
        {
          indicator: a.definition(synthetic).code,
          org: c.practiceCode,
          period,
          numerator,
          denominator,
          value: denominator > 0 ? (100 * numerator) / denominator : null,
        },
        line,
      );
    }
  }
  b.rowsRead = line;
  const checksum = createHash('sha256').update(JSON.stringify({ synthetic, counts })).digest('hex');
  const report = await writeLoad(db, b, {
    source: AGGREGATE_SOURCE,
    file: `population aggregates (${counts.length} practices${synthetic ? ', SYNTHETIC' : ''})`,
    checksum,
  });
  if (report.loadId !== null) await computeResults(db, { indicators: AGGREGATE_CODES });
  return report;
}
