/**
 * A clearly labelled SYNTHETIC demo area, written as files in the real published formats so the normal readers
 * load it: one ICB, two CCGs, four PCNs, 36 practices of three kinds (student, suburban older, deprived inner-city),
 * three trusts. Seeded, so every run is the same. Used when no sample data is found, by tests and by benchmarks.
 * No real organisation or person is described: codes are from unused ranges (practices Z…, trusts RZ…).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32, rbinom, rnorm, rpois } from '../stats/random.js';
import { MAPPING_COLUMNS } from '../ingest/readers/ods.js';

const BANDS = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];
/** Share of the list in each band, by kind of practice. */
const PROFILES: Record<string, number[]> = {
  student: [0.02, 0.03, 0.55, 0.2, 0.08, 0.05, 0.03, 0.02, 0.02],
  suburban: [0.05, 0.1, 0.09, 0.1, 0.12, 0.15, 0.15, 0.13, 0.11],
  inner_city: [0.09, 0.15, 0.14, 0.18, 0.15, 0.12, 0.08, 0.05, 0.04],
};
/** Relative need by band (older patients consult and are prescribed for more). */
const NEED = [0.9, 0.6, 0.5, 0.6, 0.7, 0.9, 1.2, 1.6, 2.1];

export interface SyntheticPractice {
  code: string;
  name: string;
  kind: keyof typeof PROFILES;
  ccg: string;
  pcn: string;
  list: number;
}

export function syntheticPractices(count = 36, seed = 2026): SyntheticPractice[] {
  const rand = mulberry32(seed);
  const kinds = Object.keys(PROFILES) as Array<keyof typeof PROFILES>;
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % 3];
    const ccg = i < count / 2 ? '9Z1' : '9Z2';
    return {
      code: `Z${String(10001 + i).padStart(5, '0')}`,
      name: `Synthetic ${kind === 'student' ? 'University' : kind === 'suburban' ? 'Parkside' : 'Central'} Practice ${i + 1} (demo)`,
      kind,
      ccg,
      pcn: `U9${String(Math.floor(i / 9)).padStart(4, '0')}`,
      list: Math.round(3000 + rand() * 12000),
    };
  });
}

const q = (s: string | number) => `"${s}"`;
const csv = (rows: Array<Array<string | number>>) => rows.map((r) => r.join(',')).join('\n') + '\n';

/** Write the demo area's files into a fresh folder and return its path. */
export function writeSyntheticArea(
  dir = mkdtempSync(join(tmpdir(), 'lantern-synthetic-')),
  seed = 2026,
): string {
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(seed);
  const practices = syntheticPractices(36, seed);
  const ods = (cells: string[]) => [...cells, ...Array(27 - cells.length).fill('')].map(q).join(',');

  writeFileSync(
    join(dir, 'eccg_synthetic.csv'),
    ['9Z1', '9Z2']
      .map((c, i) =>
        ods([
          c,
          `NHS SYNTHETIC ${i ? 'SOUTH' : 'NORTH'} CCG (DEMO)`,
          'Y90',
          'Q9Z',
          '',
          '',
          '',
          '',
          '',
          'ZZ1 1ZZ',
          '20130401',
          '',
          '',
          'C',
        ]),
      )
      .join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'epraccur_synthetic.csv'),
    practices
      .map((p, i) => {
        const cells = [
          p.code,
          p.name.toUpperCase(),
          'Y90',
          'QZZ',
          'SYNTHETIC STREET',
          '',
          'DEMOTOWN',
          '',
          '',
          `ZZ${(i % 9) + 1} ${i % 9}ZZ`,
          '19900401',
          '',
          'A',
          'B',
          p.ccg,
          '20130401',
        ];
        const row = [...cells, ...Array(27 - cells.length).fill('')];
        row[25] = '4';
        return row.map(q).join(',');
      })
      .join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'practice_pcn_ccg_stp_region_2020-21.csv'),
    csv([
      [...MAPPING_COLUMNS],
      ...practices.map((p) => [
        'Y90',
        'Synthetic Region (demo)',
        'QZZ',
        'Synthetic ICB (demo)',
        p.ccg,
        `NHS Synthetic ${p.ccg === '9Z1' ? 'North' : 'South'} CCG (demo)`,
        p.pcn,
        `Synthetic PCN ${p.pcn.slice(-1)} (demo)`,
        p.code,
        q(p.name),
      ]),
    ]),
  );

  // quarterly list sizes by STAR-PU band, drifting a little each quarter
  const bandCounts = new Map<string, number[]>();
  for (const p of practices)
    bandCounts.set(
      p.code,
      PROFILES[p.kind].map((s) => s * p.list),
    );
  const quarters: Array<[number, number]> = [];
  for (let y = 2014; y <= 2016; y++)
    for (const m of [1, 4, 7, 10]) if (y < 2016 || m === 1) quarters.push([y, m]);
  mkdirSync(join(dir, 'list_sizes'), { recursive: true });
  for (const [y, m] of quarters) {
    const header = [
      'Regional Office Name',
      'Regional Office Code',
      'Area Team Name',
      'Area Team Code',
      'PCO Name',
      'PCO Code',
      'Practice Name',
      'Practice Code',
      ...BANDS.flatMap((b) => [`Male ${b}`, `Female ${b}`]),
    ];
    const rows = practices.map((p) => {
      const counts = bandCounts.get(p.code)!.map((c) => c * (1 + 0.01 * rnorm(rand)));
      bandCounts.set(p.code, counts);
      return [
        'SYNTHETIC REGION',
        'Y90',
        'SYNTHETIC AREA TEAM',
        'Q9Z',
        'SYNTHETIC CCG',
        `${p.ccg}00`,
        q(p.name),
        p.code,
        ...counts.flatMap((c) => [Math.round(c * 0.49), Math.round(c * 0.51)]),
      ];
    });
    writeFileSync(
      join(
        dir,
        'list_sizes',
        `Patient_List_Size_${y}_${String(m).padStart(2, '0')}-${String(m + 2).padStart(2, '0')}.csv`,
      ),
      csv([header, ...rows]),
    );
  }

  // need-weighted list (a STAR-PU-like denominator) and planted departures from expectation
  const weighted = (p: SyntheticPractice) =>
    PROFILES[p.kind].reduce((s, share, i) => s + share * p.list * NEED[i], 0);
  const excess = new Map(
    practices.map((p, i) => [p.code, i === 4 ? 1.45 : i === 17 ? 0.6 : 1 + 0.08 * rnorm(rand)]),
  );

  const ktt9: Array<Array<string | number>> = [
    [
      'measure',
      'org_type',
      'org_id',
      'org_name',
      'date',
      'numerator',
      'denominator',
      'calc_value',
      'percentile',
    ],
  ];
  for (let t = 0; t < 60; t++) {
    const y = 2014 + Math.floor((9 + t) / 12);
    const m = ((9 + t) % 12) + 1;
    const season = 1 + 0.25 * Math.cos(((m - 1) / 12) * 2 * Math.PI);
    for (const p of practices) {
      const den = weighted(p);
      // practice 8 improves steadily after month 30: a sustained shift for SPC and CUSUM to find
      const trend = p.code === 'Z10008' && t > 30 ? 0.75 : 1;
      const num = rpois(rand, (den / 12) * 0.9 * season * excess.get(p.code)! * trend);
      ktt9.push([
        'ktt9_antibiotics',
        'practice',
        p.code,
        q(p.name),
        `${y}-${String(m).padStart(2, '0')}-01`,
        num,
        den.toFixed(4),
        (num / den).toFixed(6),
        '',
      ]);
    }
  }
  writeFileSync(join(dir, 'synthetic_ktt9_antibiotic_items_per_starpu.csv'), csv(ktt9));

  const groups: Array<[string, number, number]> = [
    ['AF', 0.02, 6],
    ['DM', 0.07, 5],
    ['HYP', 0.14, 6],
    ['AST', 0.065, 0],
    ['DEP', 0.12, 2],
    ['COPD', 0.02, 6],
  ];
  mkdirSync(join(dir, 'qof'), { recursive: true });
  for (const [file, drift] of [
    ['PREVALENCE_1920.csv', 1],
    ['PREVALENCE_2021.csv', 1.03],
  ] as const) {
    const rows: Array<Array<string | number>> = [
      ['PRACTICE_CODE', 'GROUP_CODE', 'REGISTER', 'PATIENT_LIST_TYPE', 'PATIENT_LIST_SIZE'],
    ];
    for (const p of practices)
      for (const [g, base, ageFrom] of groups) {
        const shares = PROFILES[p.kind];
        const eligible = Math.round(p.list * shares.slice(ageFrom).reduce((a, b) => a + b, 0));
        const risk = (base * drift * shares.reduce((s, sh, i) => s + sh * NEED[i], 0)) / 1.0;
        rows.push([
          p.code,
          g,
          rbinom(rand, eligible, Math.min(0.9, risk)),
          ageFrom ? '18OV' : 'TOTAL',
          eligible,
        ]);
      }
    writeFileSync(join(dir, 'qof', file), csv(rows));
  }

  writeFileSync(
    join(dir, 'gpps_2023_synthetic.csv'),
    csv([
      ['', 'Practice_Code', 'Practice_Name', 'appointment_good', 'overall_good', 'year'],
      ...practices.map((p, i) => [
        i + 1,
        q(p.code),
        q(p.name),
        (55 + 15 * rand()).toFixed(2),
        q((70 + 20 * rand()).toFixed(2)),
        2023,
      ]),
    ]),
  );

  const trusts = [
    ['RZ1', 'Synthetic General Hospital NHS Trust (demo)'],
    ['RZ2', 'Synthetic University Hospitals NHS Foundation Trust (demo)'],
    ['RZ3', 'Synthetic Community Healthcare NHS Trust (demo)'],
  ];
  writeFileSync(
    join(dir, 'nhs_trusts_synthetic.csv'),
    csv([
      [
        'Trust_ODS_Code',
        'Trust_Name',
        'Address_label',
        'Postcode',
        'National_grouping',
        'NHS_region',
        'ICB_Code',
        'ICB_Name',
        'Open_date',
        'Close_date',
      ],
      ...trusts.map(([c, n]) => [
        q(c),
        q(n),
        q('Synthetic Road'),
        q('ZZ9 9ZZ'),
        q('Y90'),
        q('Synthetic Region (demo)'),
        q('QZZ'),
        q('Synthetic ICB (demo)'),
        '2000-04-01',
        'NA',
      ]),
    ]),
  );
  const ae: Array<Array<string | number>> = [
    ['period', 'org_code', 'type', 'attendances', 'breaches', 'admissions'],
  ];
  for (let t = 0; t < 36; t++) {
    const y = 2016 + Math.floor((3 + t) / 12);
    const m = ((3 + t) % 12) + 1;
    trusts.slice(0, 2).forEach(([c], k) => {
      const att = rpois(rand, 9000 + 3000 * k);
      const breachRate = 0.08 + 0.004 * t * (k === 0 ? 1 : 0.3) + 0.02 * rnorm(rand) ** 2;
      ae.push([
        `${y}-${String(m).padStart(2, '0')}-01`,
        q(c),
        q('1'),
        att,
        rbinom(rand, att, Math.min(0.5, breachRate)),
        Math.round(att * 0.25),
      ]);
    });
  }
  writeFileSync(join(dir, 'ae_attendances_synthetic.csv'), csv(ae));
  return dir;
}
