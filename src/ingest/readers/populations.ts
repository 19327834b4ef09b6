/** Registered patients: the quarterly list sizes by sex and STAR-PU age band, and the gp-reg-pat-prac-all totals. */
import type { Reader } from '../reader.js';
import { hasColumns } from '../reader.js';
import { isoDate } from '../../domain/periods.js';
import { isCodeOfType } from '../../domain/organisations.js';

export const STARPU_BANDS = [
  '0-4',
  '5-14',
  '15-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-74',
  '75+',
] as const;
const BANDS = STARPU_BANDS.flatMap((band) => [
  { column: `Male ${band}`, sex: 'male' as const, band },
  { column: `Female ${band}`, sex: 'female' as const, band },
]);
const BAND_COLUMNS = BANDS.map((b) => b.column);

export const quarterlyListSize: Reader = {
  source: 'list-size-quarterly',
  title: 'Patient list size by practice, sex and STAR-PU age band (quarterly)',
  required: ['Practice Code', 'Practice Name', 'PCO Code', ...BAND_COLUMNS],
  detect: (first) => hasColumns(first, 'Practice Code', 'Male 0-4', 'Female 75+'),
  read(rows, b, file) {
    // the quarter is in the file name only: Patient_List_Size_2014_01-03.csv → the quarter starting 2014-01-01
    const m = /(20\d\d)_(\d\d)-(\d\d)/.exec(file.name);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
      b.problem({
        line: null,
        column: null,
        value: file.name,
        expected: 'a file name giving the quarter, such as Patient_List_Size_2014_01-03.csv',
      });
      return;
    }
    const date = isoDate(Number(m[1]), Number(m[2]), 1);
    for (const r of rows) {
      const code = r.code('Practice Code', 'practice', 'prescribing_setting');
      if (!code) continue;
      const counts = BAND_COLUMNS.map((c) => r.count(c));
      if (counts.some((c) => c === null)) continue;
      if (!b.unique(code, r.line, 'practice')) continue;
      b.organisation({
        code,
        type: isCodeOfType(code, 'practice') ? 'practice' : 'prescribing_setting',
        name: r.text('Practice Name'),
        authority: 'mention',
      });
      // the only source of names for the 2014–16 regions and area teams
      const region = r.text('Regional Office Code');
      const team = r.text('Area Team Code');
      if (isCodeOfType(region, 'region')) b.mention(region, 'region', r.text('Regional Office Name'));
      if (isCodeOfType(team, 'area_team')) b.mention(team, 'area_team', r.text('Area Team Name'));
      let total = 0;
      BANDS.forEach(({ sex, band }, i) => {
        total += counts[i]!;
        b.population(
          { org: code, date, scheme: 'starpu9', sex, ageBand: band, patients: counts[i]! },
          r.line,
        );
      });
      b.population({ org: code, date, scheme: 'total', sex: 'all', ageBand: 'all', patients: total }, r.line);
    }
  },
};

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

export const registeredPatientsTotal: Reader = {
  source: 'gp-reg-pat-prac-all',
  title: 'Patients registered at a GP practice: totals',
  required: ['EXTRACT_DATE', 'TYPE', 'CODE', 'POSTCODE', 'SEX', 'AGE', 'NUMBER_OF_PATIENTS'],
  detect: (first) => hasColumns(first, 'EXTRACT_DATE', 'CODE', 'NUMBER_OF_PATIENTS'),
  read(rows, b, file) {
    // the commissioner column: CCG_CODE until June 2022, SUB_ICB_LOCATION_CODE (the same codes) from July 2022
    const parent = ['CCG_CODE', 'SUB_ICB_LOCATION_CODE'].find((c) => hasColumns(file.first, c));
    if (!parent) {
      b.problem({
        line: 1,
        column: 'CCG_CODE',
        value: null,
        expected: `a header with the column "CCG_CODE" (to June 2022) or "SUB_ICB_LOCATION_CODE" (from July 2022); found ${file.first.map((h) => `"${h}"`).join(', ')}`,
      });
      return;
    }
    for (const r of rows) {
      const m = /^(\d{2})([A-Z]{3})(\d{4})$/.exec(r.text('EXTRACT_DATE'));
      const date = m && MONTHS[m[2]] ? isoDate(Number(m[3]), MONTHS[m[2]], Number(m[1])) : null;
      if (!date) {
        r.fail('EXTRACT_DATE', 'an extract date such as 01JAN2021');
        continue;
      }
      const code = r.code('CODE', 'practice');
      const n = r.count('NUMBER_OF_PATIENTS');
      if (!code || n === null) continue;
      if (r.text('SEX') !== 'ALL' || r.text('AGE') !== 'ALL') {
        b.problem({
          line: r.line,
          column: 'SEX',
          value: `${r.text('SEX')}/${r.text('AGE')}`,
          expected: 'the totals file (SEX and AGE both ALL); load the age-band files as quinary populations',
        });
        continue;
      }
      b.organisation({
        code,
        type: 'practice',
        name: code,
        authority: 'mention',
        postcode: r.text('POSTCODE') || null,
      });
      b.population({ org: code, date, scheme: 'total', sex: 'all', ageBand: 'all', patients: n }, r.line);
      const ccg = r.text(parent);
      if (isCodeOfType(ccg, 'sub_icb')) {
        b.mention(ccg, 'sub_icb');
        b.link({ child: code, relationship: 'practice_sub_icb', parent: ccg, from: date, to: null });
      }
    }
  },
};
