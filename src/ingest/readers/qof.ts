/** Quality and Outcomes Framework: prevalence registers, the 2017-19 domain tables, 2023-24 achievement, CCG prevalence. */
import type { Reader } from '../reader.js';
import { hasColumns } from '../reader.js';
import { financialYear, type Period } from '../../domain/periods.js';
import { CATALOGUE, QOF_GROUPS, qofAchievement, qofPrevalence } from '../../domain/indicators.js';
import type { LoadBuilder, Row } from '../load-builder.js';
import type { CsvFile } from '../csv-file.js';

/** The QOF year from a file name: PREVALENCE_1920 → 2019-20, …_2021 → 2020-21, qof_…_2023-24 → 2023-24. */
function qofYear(b: LoadBuilder, file: CsvFile): Period | null {
  const m = /(20\d\d-\d\d)|_(\d{4})(?:_|\.|v)/.exec(file.name.replace(/_v\d+/, '_'));
  const p = m ? financialYear(m[1] ?? m[2]) : null;
  if (!p)
    b.problem({
      line: null,
      column: null,
      value: file.name,
      expected: 'a file name giving the QOF year, such as PREVALENCE_1920.csv or …_2023-24.csv',
    });
  return p;
}

/**
 * A register above its list size is published for a few specialist practices (a learning-disability register
 * larger than the list, which counts patients registered at year end): kept as published, noted and warned about.
 */
function prevalenceValue(
  b: LoadBuilder,
  r: Row,
  group: string,
  practice: string,
  period: Period,
  register: number,
  listSize: number,
  column: string,
): void {
  const above = register > listSize;
  if (above)
    b.warnings.push(
      `line ${r.line}, column ${column}: ${practice} ${group} register ${register} exceeds its list size ${listSize}; loaded as published and noted`,
    );
  const def = qofPrevalence(group);
  b.indicator(def);
  b.value(
    {
      indicator: def.code,
      org: practice,
      period,
      numerator: register,
      denominator: listSize,
      value: listSize > 0 ? (register / listSize) * 100 : null,
      label: above ? 'register exceeds list size as published' : null,
      exceedsDenominatorAsPublished: above,
    },
    r.line,
  );
}

export const qofPrevalenceFile: Reader = {
  source: 'qof-prevalence',
  title: 'QOF raw prevalence: register and list size by practice and clinical group',
  required: ['PRACTICE_CODE', 'GROUP_CODE', 'REGISTER', 'PATIENT_LIST_TYPE'],
  detect: (first) => hasColumns(first, 'PRACTICE_CODE', 'GROUP_CODE', 'REGISTER', 'PATIENT_LIST_TYPE'),
  read(rows, b, file) {
    const period = qofYear(b, file);
    if (!period) return;
    const sizeColumn =
      rows[0] && rows[0].raw('PATIENT_LIST_SIZE') !== '' ? 'PATIENT_LIST_SIZE' : 'PRACTICE_LIST_SIZE';
    for (const r of rows) {
      const practice = r.code('PRACTICE_CODE', 'practice');
      const group = r.text('GROUP_CODE').toUpperCase();
      if (!/^[A-Z]{2,6}$/.test(group)) {
        r.fail('GROUP_CODE', 'a QOF group code such as AF or HYP');
        continue;
      }
      const register = r.count('REGISTER');
      const size = r.count(sizeColumn);
      if (!practice || register === null || size === null) continue;
      b.mention(practice, 'practice');
      prevalenceValue(b, r, group, practice, period, register, size, 'REGISTER');
    }
  },
};

export const qofOrganisationReference: Reader = {
  source: 'qof-organisation-reference',
  title: 'QOF practices and their revised maximum points',
  required: ['PRACTICE_CODE', 'REVISED_MAXIMUM_POINTS'],
  detect: (first) => hasColumns(first, 'PRACTICE_CODE', 'REVISED_MAXIMUM_POINTS'),
  read(rows, b, file) {
    const period = qofYear(b, file);
    if (!period) return;
    const def = CATALOGUE.find((d) => d.code === 'qof_max_points')!;
    b.indicator(def);
    for (const r of rows) {
      const practice = r.code('PRACTICE_CODE', 'practice');
      const points = r.number('REVISED_MAXIMUM_POINTS', { min: 0 });
      if (!practice || points === null) continue;
      b.mention(practice, 'practice');
      b.value(
        { indicator: def.code, org: practice, period, numerator: null, denominator: null, value: points },
        r.line,
      );
    }
  },
};

export const qofValidationOutcomes: Reader = {
  source: 'qof-validation',
  title: 'QOF practice validation outcomes (data-quality flags)',
  required: ['PRACTICE_CODE', 'VALIDATION_RULE', 'RULE_DESCRIPTION'],
  detect: (first) => hasColumns(first, 'PRACTICE_CODE', 'VALIDATION_RULE'),
  read(rows, b, file) {
    const period = qofYear(b, file);
    if (!period) return;
    const def = CATALOGUE.find((d) => d.code === 'qof_validation_rules_failed')!;
    b.indicator(def);
    const byPractice = new Map<string, { line: number; rules: string[] }>();
    for (const r of rows) {
      const practice = r.code('PRACTICE_CODE', 'practice');
      const rule = r.count('VALIDATION_RULE');
      if (!practice || rule === null) continue;
      if (!b.unique(`${practice}|${rule}`, r.line, 'rule per practice')) continue;
      const e = byPractice.get(practice) ?? { line: r.line, rules: [] };
      e.rules.push(`${rule}: ${r.text('RULE_DESCRIPTION')}`);
      byPractice.set(practice, e);
    }
    for (const [practice, e] of byPractice) {
      b.mention(practice, 'practice');
      b.value(
        {
          indicator: def.code,
          org: practice,
          period,
          numerator: e.rules.length,
          denominator: null,
          value: e.rules.length,
          label: e.rules.join('; '),
        },
        e.line,
      );
    }
  },
};

/** 2017-18 and 2018-19 prevalence by clinical domain: semicolon-separated, '.' for thousands and ',' for decimals. */
export const qofDomainTables: Reader = {
  source: 'qof-domain-2017-19',
  title: 'QOF prevalence 2017-18 and 2018-19 by clinical domain (European number format)',
  required: ['practiceCode', 'practiceName', 'CCGcode'],
  detect: (first) =>
    hasColumns(first, 'practiceCode', 'CCGcode') && first.some((h) => /_N_1[78]1[89]$/.test(h)),
  read(rows, b, file) {
    const header = file.records[0].cells;
    const registers = header.filter((h) => /^[A-Za-z0-9]+_N_(1718|1819)$/.test(h));
    // the denominator column for each register follows its age suffix: CKD18p → ages18plus, OST50 → age50p, …
    const denominatorFor = (name: string, year: string): string | null => {
      const stem = name.split('_N_')[0];
      const candidates =
        /18p$/.test(stem) || ['DEP', 'OB'].includes(stem)
          ? [`ages18plus_${year}`]
          : /17p$/.test(stem)
            ? [`ages17plus_${year}`]
            : /50$/.test(stem) || stem === 'OST'
              ? [`age50p_${year}`]
              : /16$/.test(stem)
                ? [`age16p_${year}`]
                : stem === 'CVDPP'
                  ? [`ages30to74_${year}`]
                  : [`allAges_${year}`];
      return candidates.find((c) => header.includes(c)) ?? null;
    };
    const group = (stem: string) => stem.replace(/(18p|17p|50|16)$/, '');
    for (const col of registers) {
      const year = col.slice(-4);
      if (!denominatorFor(col, year))
        b.warnings.push(`${col}: no list-size column for its age group in this file; not loaded`);
    }
    for (const r of rows) {
      const practice = r.code('practiceCode', 'practice');
      if (!practice) continue;
      b.mention(practice, 'practice', r.text('practiceName'));
      for (const col of registers) {
        const year = col.slice(-4);
        const den = denominatorFor(col, year);
        if (!den) continue;
        const register = r.count(col, { optional: true, decimalComma: true });
        // list sizes are printed in thousands with a decimal comma dropped: "7.389" is 7,389 patients
        const size = r.count(den, { optional: true, decimalComma: true });
        if (register === null || size === null) continue;
        const period = financialYear(`20${year.slice(0, 2)}-${year.slice(2)}`)!;
        const g = group(col.split('_N_')[0]);
        prevalenceValue(
          b,
          r,
          g in QOF_GROUPS ? g : col.split('_N_')[0],
          practice,
          period,
          register,
          size,
          col,
        );
      }
    }
  },
};

const CVD_GROUPS = ['AF', 'BP', 'CHD', 'CHOL', 'HF', 'HYP', 'LVSD', 'PAD', 'STIA'] as const;

export const qofCvd2324: Reader = {
  source: 'qof-cvd-2023-24',
  title: 'QOF 2023-24 cardiovascular achievement and prevalence',
  required: ['Practice.Code', ...CVD_GROUPS.map((g) => `Achievement_${g}`)],
  detect: (first) => hasColumns(first, 'Practice.Code', 'Achievement_AF'),
  read(rows, b, file) {
    const period = qofYear(b, file);
    if (!period) return;
    for (const r of rows) {
      // one record in the published file is NA throughout: a blank row, not a practice
      if (r.record.cells.slice(1).every((c) => c === 'NA' || c === '')) {
        b.rowsSkipped++;
        b.warnings.push(`line ${r.line}: every cell is NA; row not loaded`);
        continue;
      }
      const practice = r.code('Practice.Code', 'practice');
      if (!practice) continue;
      b.mention(practice, 'practice');
      for (const g of CVD_GROUPS) {
        const a = r.number(`Achievement_${g}`, { min: 0, max: 100, optional: true });
        if (a !== null) {
          const def = qofAchievement(g);
          b.indicator(def);
          b.value(
            { indicator: def.code, org: practice, period, numerator: null, denominator: null, value: a },
            r.line,
          );
        }
        const prev = r.number(`Prevalence_${g}`, { min: 0, max: 100, optional: true });
        const size = r.number(`List.Size_${g}`, { min: 0, optional: true });
        if (prev !== null && g !== 'BP' && g !== 'CHOL') {
          const def = qofPrevalence(g);
          b.indicator(def);
          // published as a percentage with the list size; the register count is not in this extract
          b.value(
            { indicator: def.code, org: practice, period, numerator: null, denominator: size, value: prev },
            r.line,
          );
        }
      }
    }
  },
};

export const qofVaccination2324: Reader = {
  source: 'qof-vaccination-2023-24',
  title: 'QOF 2023-24 vaccination and immunisation achievement',
  required: ['Practice code', 'Practice name', 'perc_achievement'],
  detect: (first) => hasColumns(first, 'Practice code', 'perc_achievement'),
  read(rows, b, file) {
    const period = qofYear(b, file);
    if (!period) return;
    const def = CATALOGUE.find((d) => d.code === 'qof_vaccination_achievement')!;
    b.indicator(def);
    for (const r of rows) {
      const practice = r.code('Practice code', 'practice');
      const v = r.number('perc_achievement', { min: 0, max: 100, optional: true });
      if (!practice) continue;
      b.mention(practice, 'practice', r.text('Practice name'));
      if (v !== null)
        b.value(
          { indicator: def.code, org: practice, period, numerator: null, denominator: null, value: v },
          r.line,
        );
    }
  },
};

export const qofCcgPrevalence: Reader = {
  source: 'qof-ccg-prevalence',
  title: 'QOF prevalence by CCG',
  required: ['ccgcode', 'indicator_group', 'disease_register_size', 'ccg_listsize'],
  detect: (first) => hasColumns(first, 'ccgcode', 'indicator_group', 'disease_register_size'),
  read(rows, b, file) {
    const m = /(20\d\d)-(\d\d)/.exec(file.name);
    const period = m ? financialYear(`${m[1]}-${m[2]}`) : null;
    if (!period) {
      b.problem({
        line: null,
        column: null,
        value: file.name,
        expected: 'a file name giving the QOF year, such as qof_prevalence_by_ccg_2013-14.csv',
      });
      return;
    }
    for (const r of rows) {
      const ccg = r.code('ccgcode', 'sub_icb');
      const register = r.count('disease_register_size');
      const size = r.count('ccg_listsize');
      if (!ccg || register === null || size === null) continue;
      b.mention(ccg, 'sub_icb');
      // heart failure appears twice: all heart failure, and heart failure due to LVD (the LVSD register)
      const group =
        r.text('indicator_group').toUpperCase() === 'HF' && /LVD|LVSD/i.test(r.text('Register_description'))
          ? 'LVSD'
          : r.text('indicator_group').toUpperCase();
      prevalenceValue(b, r, group, ccg, period, register, size, 'disease_register_size');
    }
  },
};
