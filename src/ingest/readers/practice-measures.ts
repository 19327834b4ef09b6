/** Practice-level measures: GP Patient Survey, prescribing (OpenPrescribing), deprivation, CQC, workforce, payments. */
import type { Reader } from '../reader.js';
import { hasColumns } from '../reader.js';
import {
  financialYear,
  financialYearEnding,
  isoDate,
  monthPeriod,
  type Period,
} from '../../domain/periods.js';
import { CATALOGUE } from '../../domain/indicators.js';
import type { LoadBuilder, Row } from '../load-builder.js';
import { isCodeOfType } from '../../domain/organisations.js';

const use = (b: LoadBuilder, code: string) => {
  const def = CATALOGUE.find((d) => d.code === code);
  if (!def) throw new Error(`indicator ${code} is not in the catalogue`);
  b.indicator(def);
  return def;
};
const year = (y: number): Period => ({ start: isoDate(y, 1, 1), end: isoDate(y, 12, 31) });

export const gpPatientSurvey: Reader = {
  source: 'gpps',
  title: 'GP Patient Survey practice results (weighted %)',
  required: ['Practice_Code', 'Practice_Name', 'appointment_good', 'overall_good', 'year'],
  detect: (first) => hasColumns(first, 'Practice_Code', 'overall_good'),
  read(rows, b) {
    const overall = use(b, 'gpps_overall_good');
    const appointment = use(b, 'gpps_appointment_good');
    for (const r of rows) {
      const practice = r.code('Practice_Code', 'practice');
      const y = r.number('year', { min: 2007, max: 2100, integer: true });
      const a = r.number('appointment_good', { min: 0, max: 100, optional: true });
      const o = r.number('overall_good', { min: 0, max: 100, optional: true });
      if (!practice || y === null) continue;
      b.mention(practice, 'practice', r.text('Practice_Name'));
      // fieldwork runs January to April; the survey is dated by its publication year
      const period = year(y);
      if (a !== null)
        b.value(
          {
            indicator: appointment.code,
            org: practice,
            period,
            numerator: null,
            denominator: null,
            value: a,
          },
          r.line,
        );
      if (o !== null)
        b.value(
          { indicator: overall.code, org: practice, period, numerator: null, denominator: null, value: o },
          r.line,
        );
    }
  },
};

function month(b: LoadBuilder, line: number, column: string, raw: string): Period | null {
  const p = monthPeriod(raw.slice(0, 10).replace(/-01$/, ''));
  if (!p) b.problem({ line, column, value: raw, expected: 'a month as YYYY-MM-01' });
  return p;
}

export const antibioticsPerStarpu: Reader = {
  source: 'openprescribing-ktt9',
  title: 'OpenPrescribing measure: antibiotic items per STAR-PU (monthly)',
  required: ['measure', 'org_type', 'org_id', 'org_name', 'date', 'numerator', 'denominator'],
  detect: (first) => hasColumns(first, 'measure', 'org_id', 'numerator', 'denominator', 'calc_value'),
  read(rows, b) {
    const def = use(b, 'antibiotic_items_per_starpu');
    for (const r of rows) {
      if (r.text('measure') !== 'ktt9_antibiotics') {
        r.fail(
          'measure',
          'the measure ktt9_antibiotics (other measures need their own indicator definition)',
        );
        continue;
      }
      const practice = r.code('org_id', 'practice');
      const period = month(b, r.line, 'date', r.text('date'));
      const num = r.number('numerator', { min: 0 });
      const den = r.number('denominator', { min: 0 });
      if (!practice || !period || num === null || den === null) continue;
      b.mention(practice, 'practice', r.text('org_name'));
      b.value(
        {
          indicator: def.code,
          org: practice,
          period,
          numerator: num,
          denominator: den,
          value: den > 0 ? num / den : null,
        },
        r.line,
      );
    }
  },
};

export const antibacterialItemsCost: Reader = {
  source: 'openprescribing-antibacterials',
  title: 'OpenPrescribing: antibacterial items and cost with list size (monthly)',
  required: ['date', 'id', 'name', 'y_items', 'y_actual_cost', 'total_list_size'],
  detect: (first) => hasColumns(first, 'id', 'y_items', 'y_actual_cost', 'total_list_size'),
  read(rows, b) {
    const items = use(b, 'antibacterial_items_per_1000');
    const cost = use(b, 'antibacterial_cost_per_1000');
    for (const r of rows) {
      const practice = r.code('id', 'practice');
      const period = month(b, r.line, 'date', r.text('date'));
      const n = r.count('y_items');
      const c = r.number('y_actual_cost', { min: 0 });
      const list = r.count('total_list_size');
      if (!practice || !period || n === null || c === null || list === null) continue;
      b.mention(practice, 'practice', r.text('name'));
      // a list size of 0 in the source: the count is kept, the rate is undefined
      b.value(
        {
          indicator: items.code,
          org: practice,
          period,
          numerator: n,
          denominator: list,
          value: list > 0 ? (n / list) * 1000 : null,
        },
        r.line,
      );
      b.value(
        {
          indicator: cost.code,
          org: practice,
          period,
          numerator: c,
          denominator: list,
          value: list > 0 ? (c / list) * 1000 : null,
        },
        r.line,
      );
    }
  },
};

/** One IMD score row, whichever Fingertips layout it comes in. */
function readImdRow(b: LoadBuilder, r: Row, columns: { code: string; name: string; year: string }): void {
  const practice = r.code(columns.code, 'practice');
  const y = r.number(columns.year, { min: 2000, max: 2100, integer: true });
  const v = r.number('Value', { min: 0, max: 100, optional: true });
  if (!practice || y === null) return;
  b.mention(practice, 'practice', r.text(columns.name));
  if (v !== null) b.valueOnly(use(b, 'imd_score').code, practice, year(y), v, r.line);
}

export const imdByPractice: Reader = {
  source: 'fingertips-imd',
  title: 'OHID Fingertips: IMD score by practice (2010, 2015, 2019)',
  required: ['IndicatorID', 'Year', 'AreaCode', 'AreaName', 'Value'],
  detect: (first) => hasColumns(first, 'IndicatorID', 'AreaCode', 'Value'),
  read(rows, b) {
    for (const r of rows) readImdRow(b, r, { code: 'AreaCode', name: 'AreaName', year: 'Year' });
  },
};

export const fingertipsExport: Reader = {
  source: 'fingertips-export',
  title: 'OHID Fingertips API export (the standard 27-column layout): IMD score',
  required: ['Indicator ID', 'Area Code', 'Area Name', 'Area Type', 'Time period', 'Value'],
  detect: (first) => hasColumns(first, 'Indicator ID', 'Area Code', 'Time period', 'Value'),
  read(rows, b) {
    for (const r of rows) {
      if (r.text('Indicator ID') !== '93553') {
        r.fail(
          'Indicator ID',
          'Fingertips indicator 93553 (IMD score); other indicators need their own definition',
        );
        continue;
      }
      if (r.text('Area Type') === 'England') {
        b.rowsSkipped++;
        continue;
      }
      readImdRow(b, r, { code: 'Area Code', name: 'Area Name', year: 'Time period' });
    }
  },
};

const RATINGS: Record<string, number> = { Inadequate: 1, 'Requires improvement': 2, Good: 3, Outstanding: 4 };

export const cqcRatings: Reader = {
  source: 'cqc-ratings',
  title: 'CQC latest overall rating per GP practice',
  required: ['Practice.Code', 'Year', 'location_name', 'latest_rating'],
  detect: (first) => hasColumns(first, 'Practice.Code', 'latest_rating'),
  read(rows, b) {
    const def = use(b, 'cqc_overall_rating');
    let branches = 0;
    for (const r of rows) {
      // a practice code followed by 3 digits is a CQC location for one of the practice's branch sites
      if (/^[A-Z]\d{5}\d{3}$/.test(r.text('Practice.Code')) || r.text('Practice.Code') === 'NA') {
        branches++;
        b.rowsSkipped++;
        continue;
      }
      const practice = r.code('Practice.Code', 'practice');
      const y = r.number('Year', { min: 2010, max: 2100, integer: true });
      const label = r.text('latest_rating');
      if (!(label in RATINGS)) {
        b.problem({
          line: r.line,
          column: 'latest_rating',
          value: label,
          expected: 'Outstanding, Good, Requires improvement or Inadequate',
        });
        continue;
      }
      if (!practice || y === null) continue;
      b.mention(practice, 'practice', r.text('location_name'));
      b.value(
        {
          indicator: def.code,
          org: practice,
          period: year(y),
          numerator: null,
          denominator: null,
          value: RATINGS[label],
          label,
        },
        r.line,
      );
    }
    if (branches > 0)
      b.warnings.push(
        `${branches} ratings of branch sites (a practice code + 3 digits, or no code) not loaded: Lantern rates practices`,
      );
  },
};

export const gpWorkforce: Reader = {
  source: 'gp-workforce',
  title: 'General Practice Workforce by practice (financial-year averages)',
  required: [
    'Practice.Code',
    'Year',
    'TOTAL_PATIENTS',
    'TOTAL_GP_EXTGL_FTE',
    'TOTAL_NURSES_FTE',
    'TOTAL_DPC_FTE',
  ],
  detect: (first) => hasColumns(first, 'Practice.Code', 'TOTAL_GP_EXTGL_FTE'),
  read(rows, b) {
    const perGp = use(b, 'patients_per_gp_fte');
    const nurses = use(b, 'nurse_fte_per_1000');
    const dpc = use(b, 'dpc_fte_per_1000');
    for (const r of rows) {
      const practice = r.code('Practice.Code', 'practice');
      const y = r.number('Year', { min: 2015, max: 2100, integer: true });
      const patients = r.number('TOTAL_PATIENTS', { min: 0, optional: true });
      const gp = r.number('TOTAL_GP_EXTGL_FTE', { min: 0, optional: true });
      const nurse = r.number('TOTAL_NURSES_FTE', { min: 0, optional: true });
      const other = r.number('TOTAL_DPC_FTE', { min: 0, optional: true });
      if (!practice || y === null) continue;
      if (!b.unique(`${practice}|${y}`, r.line, 'practice and year')) continue;
      b.mention(practice, 'practice');
      const period = financialYearEnding(y);
      if (patients !== null && gp !== null)
        b.value(
          {
            indicator: perGp.code,
            org: practice,
            period,
            numerator: patients,
            denominator: gp,
            value: gp > 0 ? patients / gp : null,
          },
          r.line,
        );
      if (patients !== null && nurse !== null)
        b.value(
          {
            indicator: nurses.code,
            org: practice,
            period,
            numerator: nurse,
            denominator: patients,
            value: patients > 0 ? (nurse / patients) * 1000 : null,
          },
          r.line,
        );
      if (patients !== null && other !== null)
        b.value(
          {
            indicator: dpc.code,
            org: practice,
            period,
            numerator: other,
            denominator: patients,
            value: patients > 0 ? (other / patients) * 1000 : null,
          },
          r.line,
        );
    }
  },
};

/** Practice attributes the payments file gives: attribute name, column. */
const PAYMENT_ATTRIBUTES = [
  ['contract_type', 'contract_type'],
  ['dispensing', 'dispensing_practice'],
  ['rurality', 'practice_rurality'],
] as const;

export const gpPayments: Reader = {
  source: 'gp-payments',
  title: 'NHS Payments to General Practice (annual, 2014-15 onwards)',
  required: [
    'financial_year',
    'ccg_code',
    'pcn_code',
    'practice_code',
    'practice_name',
    'practice_postcode',
    'contract_type',
    'dispensing_practice',
    'practice_rurality',
    'registered_patients',
    'weighted_patients',
    'total_qof_payments',
    'total_nhs_payments',
  ],
  detect: (first) => hasColumns(first, 'financial_year', 'practice_code', 'total_nhs_payments'),
  read(rows, b) {
    const perPatient = use(b, 'nhs_payments_per_patient');
    const qof = use(b, 'qof_payments_per_patient');
    // nine years in 64,000 rows: each label parsed once
    const years = new Map<string, Period | null>();
    for (const r of rows) {
      const label = r.text('financial_year');
      if (!years.has(label)) years.set(label, financialYear(label));
      const period = years.get(label)!;
      if (!period) {
        r.fail('financial_year', 'a financial year such as 2019-20');
        continue;
      }
      const practice = r.code('practice_code', 'practice');
      const registered = r.number('registered_patients', { min: 0, optional: true });
      const weighted = r.number('weighted_patients', { min: 0, optional: true });
      const total = r.number('total_nhs_payments', { optional: true });
      const qofPay = r.number('total_qof_payments', { optional: true });
      if (!practice) continue;
      if (!b.uniqueParts(['year', period.start, practice], r.line, 'practice and financial year')) continue;
      // a practice is described by the first year that mentions it (later mentions fill no gaps within a file)
      if (!b.organisations.has(practice)) {
        const attributes: Record<string, string> = {};
        for (const [k, c] of PAYMENT_ATTRIBUTES) {
          const v = r.text(c);
          if (v && v !== '-') attributes[k] = v;
        }
        b.organisation({
          code: practice,
          type: 'practice',
          name: r.text('practice_name'),
          authority: 'mention',
          postcode: r.text('practice_postcode') || null,
          attributes,
        });
      }
      if (registered !== null && registered > 0) {
        b.population(
          {
            org: practice,
            date: period.start,
            scheme: 'payments_registered',
            sex: 'all',
            ageBand: 'all',
            patients: registered,
          },
          r.line,
        );
        if (weighted !== null)
          b.population(
            {
              org: practice,
              date: period.start,
              scheme: 'payments_weighted',
              sex: 'all',
              ageBand: 'all',
              patients: weighted,
            },
            r.line,
          );
        if (total !== null)
          b.value(
            {
              indicator: perPatient.code,
              org: practice,
              period,
              numerator: total,
              denominator: registered,
              value: total / registered,
            },
            r.line,
          );
        if (qofPay !== null)
          b.value(
            {
              indicator: qof.code,
              org: practice,
              period,
              numerator: qofPay,
              denominator: registered,
              value: qofPay / registered,
            },
            r.line,
          );
      }
      const ccg = r.text('ccg_code');
      if (isCodeOfType(ccg, 'sub_icb')) {
        b.mention(ccg, 'sub_icb');
        b.link({
          child: practice,
          relationship: 'practice_sub_icb',
          parent: ccg,
          from: period.start,
          to: null,
        });
      }
      const pcn = r.text('pcn_code');
      if (isCodeOfType(pcn, 'pcn')) {
        b.mention(pcn, 'pcn');
        b.link({ child: practice, relationship: 'practice_pcn', parent: pcn, from: period.start, to: null });
      }
    }
  },
};
