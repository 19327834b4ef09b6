/** Trust-level data: monthly A&E 2016–19 and the 2022 single-period snapshots (A&E, RTT, cancer, diagnostics, referrals, beds). */
import type { Reader } from '../reader.js';
import { hasColumns } from '../reader.js';
import { monthPeriod, type Period } from '../../domain/periods.js';
import { CATALOGUE, cancerStandard, type IndicatorDefinition } from '../../domain/indicators.js';
import type { LoadBuilder, Row } from '../load-builder.js';
import { isCodeOfType, type OrgType } from '../../domain/organisations.js';

const use = (b: LoadBuilder, code: string): IndicatorDefinition => {
  const def = CATALOGUE.find((d) => d.code === code)!;
  b.indicator(def);
  return def;
};

/** A&E returns include trusts, their sites, independent providers and some GP-run walk-in centres. */
function providerType(code: string): OrgType {
  return isCodeOfType(code, 'trust')
    ? 'trust'
    : isCodeOfType(code, 'trust_site')
      ? 'trust_site'
      : isCodeOfType(code, 'practice')
        ? 'practice'
        : 'provider';
}

const AE_TYPES: Record<string, 'type1' | 'type2' | 'other'> = { '1': 'type1', '2': 'type2', other: 'other' };

export const aeMonthly: Reader = {
  source: 'ae-monthly',
  title: 'A&E attendances, 4-hour breaches and admissions by provider and type (monthly)',
  required: ['period', 'org_code', 'type', 'attendances', 'breaches', 'admissions'],
  detect: (first) => hasColumns(first, 'period', 'org_code', 'attendances', 'breaches'),
  read(rows, b) {
    const totals = new Map<
      string,
      { org: string; period: Period; att: number; within: number; line: number }
    >();
    for (const r of rows) {
      const code = r.code('org_code', 'trust', 'trust_site', 'provider', 'practice');
      const period = monthPeriod(r.text('period').replace(/-01$/, ''));
      if (!period) r.fail('period', 'a month as YYYY-MM-01');
      const type = AE_TYPES[r.text('type')];
      if (!type) r.fail('type', 'an A&E department type: 1, 2 or other');
      const att = r.count('attendances');
      const breaches = r.count('breaches');
      r.count('admissions');
      if (!code || !period || !type || att === null || breaches === null) continue;
      if (!r.proportion('breaches', breaches, att)) continue;
      b.mention(code, providerType(code));
      const attendances = use(b, `ae_attendances_${type}`);
      const within = use(b, `ae_within_4h_${type}`);
      b.count(attendances.code, code, period, att, r.line);
      b.percentage(within.code, code, period, att - breaches, att, r.line);
      const key = `${code}|${period.start}`;
      const t = totals.get(key) ?? { org: code, period, att: 0, within: 0, line: r.line };
      t.att += att;
      t.within += att - breaches;
      totals.set(key, t);
    }
    const all = use(b, 'ae_within_4h_all');
    const allAtt = use(b, 'ae_attendances_all');
    for (const t of totals.values()) {
      b.count(allAtt.code, t.org, t.period, t.att, t.line);
      b.percentage(all.code, t.org, t.period, t.within, t.att, t.line);
    }
  },
};

/**
 * The healthyr snapshots hold one month (or quarter) of 2022 whose exact month the source does not record;
 * Lantern dates them to the calendar year 2022 and says so in the load's warnings.
 */
const SNAPSHOT_PERIOD: Period = { start: '2022-01-01', end: '2022-12-31' };

function trust(b: LoadBuilder, r: Row): string | null {
  const code = r.code('Trust Code', 'trust');
  if (code) b.mention(code, 'trust', r.text('Trust Name'));
  return code;
}

function snapshot(
  source: string,
  title: string,
  required: string[],
  read: (r: Row, b: LoadBuilder, code: string) => void,
): Reader {
  return {
    source,
    title,
    required: ['Trust Code', 'Trust Name', ...required],
    detect: (first) => hasColumns(first, 'Trust Code', ...required),
    read(rows, b) {
      b.warnings.push(
        'a single 2022 month (or quarter) whose month the source does not record: dated to the year 2022',
      );
      for (const r of rows) {
        const code = trust(b, r);
        if (code) read(r, b, code);
      }
    },
  };
}

export const aeSnapshot = snapshot(
  'ae-2022',
  'A&E by trust, one month of 2022',
  ['No. Attendance Total', '% Total <= 4 hours', 'No. patients >= 12h from decisiion to admit to admission'],
  (r, b, code) => {
    const total = r.count('No. Attendance Total', { optional: true });
    const pct = r.number('% Total <= 4 hours', { min: 0, max: 1, optional: true });
    const waits = r.count('No. patients >= 12h from decisiion to admit to admission', { optional: true });
    if (total === null) return;
    b.count(use(b, 'ae_attendances_all').code, code, SNAPSHOT_PERIOD, total, r.line);
    // published as a fraction; the count within 4 hours is rebuilt from it
    if (pct !== null && total > 0)
      b.value(
        {
          indicator: use(b, 'ae_within_4h_all').code,
          org: code,
          period: SNAPSHOT_PERIOD,
          numerator: Math.round(pct * total),
          denominator: total,
          value: pct * 100,
        },
        r.line,
      );
    if (waits !== null)
      b.count(use(b, 'ae_12h_decision_to_admit').code, code, SNAPSHOT_PERIOD, waits, r.line);
  },
);

export const rttSnapshot = snapshot(
  'rtt-2022',
  'Referral to treatment waiting times by trust, one month of 2022',
  ['Referral Treatment Type', 'Waiting 52+ Weeks', 'Waiting 18+ Weeks', 'Total Waiting List'],
  (r, b, code) => {
    // only the incomplete pathways are the waiting list; completed pathways are recorded in the source but not here
    if (!/^Incomplete Pathways$/i.test(r.text('Referral Treatment Type'))) {
      b.rowsSkipped++;
      return;
    }
    const total = r.count('Total Waiting List', { optional: true });
    const w18 = r.count('Waiting 18+ Weeks', { optional: true });
    const w52 = r.count('Waiting 52+ Weeks', { optional: true });
    if (total === null || w18 === null || w52 === null) return;
    if (!r.proportion('Waiting 18+ Weeks', w18, total) || !r.proportion('Waiting 52+ Weeks', w52, total))
      return;
    b.percentage(use(b, 'rtt_incomplete_18w').code, code, SNAPSHOT_PERIOD, w18, total, r.line);
    b.percentage(use(b, 'rtt_incomplete_52w').code, code, SNAPSHOT_PERIOD, w52, total, r.line);
  },
);

export const cancerSnapshot = snapshot(
  'cancer-2022',
  'Cancer waiting times by trust and standard, one month of 2022',
  ['Standard', 'Total Treated', 'Within Standard', 'Breaches'],
  (r, b, code) => {
    // a patient shared between two trusts counts half to each, so these counts can end in .5
    const treated = r.number('Total Treated', { min: 0, optional: true });
    const within = r.number('Within Standard', { min: 0, optional: true });
    if (treated === null || within === null || !r.proportion('Within Standard', within, treated)) return;
    const def = cancerStandard(r.text('Standard'));
    b.indicator(def);
    b.percentage(def.code, code, SNAPSHOT_PERIOD, within, treated, r.line);
  },
);

export const diagnosticsSnapshot = snapshot(
  'diagnostics-2022',
  'Diagnostic waiting times by trust, one month of 2022',
  ['Waiting List Total', 'Waiting 6+ weeks'],
  (r, b, code) => {
    const total = r.count('Waiting List Total', { optional: true });
    const w6 = r.count('Waiting 6+ weeks', { optional: true });
    if (total === null || w6 === null || !r.proportion('Waiting 6+ weeks', w6, total)) return;
    b.percentage(use(b, 'diagnostics_6w').code, code, SNAPSHOT_PERIOD, w6, total, r.line);
  },
);

export const referralsSnapshot = snapshot(
  'referrals-2022',
  'Outpatient referrals by trust, one month of 2022',
  ['GP Referrals Made (All)'],
  (r, b, code) => {
    const n = r.count('GP Referrals Made (All)', { optional: true });
    if (n !== null) b.count(use(b, 'gp_referrals').code, code, SNAPSHOT_PERIOD, n, r.line);
  },
);

export const bedsSnapshot = snapshot(
  'beds-2022',
  'Bed occupancy by trust, one quarter of 2022',
  ['% General Acute Night Beds Occupied'],
  (r, b, code) => {
    const pct = r.number('% General Acute Night Beds Occupied', { min: 0, max: 1.5, optional: true });
    if (pct !== null)
      b.valueOnly(use(b, 'bed_occupancy_general_acute').code, code, SNAPSHOT_PERIOD, pct * 100, r.line);
  },
);
