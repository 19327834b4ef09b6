/**
 * ODS reference files: epraccur (practices and other prescribing settings), eccg (CCGs), the NHS trust list,
 * the QOF practice → PCN → CCG → STP → region mapping, and the CCG → ICB lookup.
 * These are authoritative for names, dates and status; they also lay down the parent links over time.
 */
import type { Reader } from '../reader.js';
import { hasColumns } from '../reader.js';
import { odsDate } from '../../domain/periods.js';
import type { Row } from '../load-builder.js';
import { isCodeOfType } from '../../domain/organisations.js';

const ODS_STATUS: Record<string, string> = { A: 'active', C: 'closed', D: 'dormant', P: 'proposed' };

/** End of a link: ODS gives the last day in the parent; Lantern stores the exclusive end, the day after. */
function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function date(row: Row, column: string): string | null | undefined {
  const v = odsDate(row.text(column));
  if (v === undefined) {
    row.fail(column, 'a date as YYYYMMDD, or blank');
  }
  return v;
}

const headerlessOds = (first: string[], codeOk: (c: string) => boolean) =>
  first.length === 27 && codeOk(first[0]) && /^\d{8}$/.test(first[10] ?? '');

export const epraccur: Reader = {
  source: 'ods-epraccur',
  title: 'ODS epraccur: GP practices and prescribing settings (headerless)',
  headerless: { columns: 27 },
  required: [],
  detect: (first) => headerlessOds(first, (c) => /^[A-Z0-9]{6}$/.test(c)),
  read(rows, b) {
    // the file's extract date: its latest open or join date
    let extract = '';
    for (const r of rows)
      for (const c of ['c11', 'c16'])
        if (/^\d{8}$/.test(r.text(c)) && r.text(c) > extract) extract = r.text(c);
    // column 4 held NHS England area teams until the 2017 STPs replaced them there
    const geography = extract < '20170101' ? 'area_team' : 'icb';
    for (const r of rows) {
      const code = r.code('c1', 'practice', 'prescribing_setting');
      const open = date(r, 'c11');
      const close = date(r, 'c12');
      const joined = date(r, 'c16');
      const left = date(r, 'c17');
      const status = ODS_STATUS[r.text('c13')];
      if (!status) r.fail('c13', 'an ODS status: A (active), C (closed), D (dormant) or P (proposed)');
      if (
        !code ||
        open === undefined ||
        close === undefined ||
        joined === undefined ||
        left === undefined ||
        !status
      )
        continue;
      if (!b.unique(code, r.line, 'organisation code')) continue;
      const isPractice = r.text('c26') === '4' && isCodeOfType(code, 'practice');
      b.organisation({
        code,
        type: isPractice ? 'practice' : 'prescribing_setting',
        name: r.text('c2'),
        authority: 'reference',
        postcode: r.text('c10') || null,
        openDate: open,
        closeDate: close,
        status,
        attributes: { prescribing_setting: r.text('c26') },
      });
      const region = r.text('c3');
      if (isCodeOfType(region, 'region')) b.mention(region, 'region');
      const geo = r.text('c4');
      if (isCodeOfType(geo, geography)) b.mention(geo, geography);
      const ccg = r.text('c15');
      if (isCodeOfType(ccg, 'sub_icb')) {
        b.mention(ccg, 'sub_icb');
        const from = joined ?? open;
        if (from)
          b.link({
            child: code,
            relationship: 'practice_sub_icb',
            parent: ccg,
            from,
            to: left ? dayAfter(left) : close ? dayAfter(close) : null,
          });
      }
    }
  },
};

export const eccg: Reader = {
  source: 'ods-eccg',
  title: 'ODS eccg: clinical commissioning groups (headerless)',
  headerless: { columns: 27 },
  required: [],
  detect: (first) => headerlessOds(first, (c) => isCodeOfType(c, 'sub_icb') && c.length === 3),
  read(rows, b) {
    // a register of every CCG as at its extract date, taken (as for epraccur) as its latest open or close date
    let extract = '';
    for (const r of rows)
      for (const c of ['c11', 'c12'])
        if (/^\d{8}$/.test(r.text(c)) && r.text(c) > extract) extract = r.text(c);
    const asAt = odsDate(extract);
    if (asAt) b.register = { type: 'sub_icb', asAt };
    for (const r of rows) {
      const code = r.code('c1', 'sub_icb');
      const open = date(r, 'c11');
      const close = date(r, 'c12');
      if (!code || open === undefined || close === undefined) continue;
      if (!b.unique(code, r.line, 'CCG code')) continue;
      b.organisation({
        code,
        type: 'sub_icb',
        name: r.text('c2'),
        authority: 'reference',
        postcode: r.text('c10') || null,
        openDate: open,
        closeDate: close,
        status: close ? 'closed' : 'active',
      });
      const region = r.text('c3');
      const team = r.text('c4');
      if (isCodeOfType(team, 'area_team') && open) {
        b.mention(team, 'area_team');
        b.link({
          child: code,
          relationship: 'sub_icb_area_team',
          parent: team,
          from: open,
          to: close ? dayAfter(close) : null,
        });
        if (isCodeOfType(region, 'region')) {
          b.mention(region, 'region');
          b.link({ child: team, relationship: 'area_team_region', parent: region, from: open, to: null });
        }
      }
    }
  },
};

const TRUST_COLUMNS = [
  'Trust_ODS_Code',
  'Trust_Name',
  'Postcode',
  'National_grouping',
  'NHS_region',
  'ICB_Code',
  'ICB_Name',
  'Open_date',
  'Close_date',
] as const;

export const nhsTrusts: Reader = {
  source: 'ods-trusts',
  title: 'NHS trusts with region and ICB',
  required: TRUST_COLUMNS,
  detect: (first) => hasColumns(first, 'Trust_ODS_Code', 'ICB_Code'),
  read(rows, b) {
    for (const r of rows) {
      const code = r.code('Trust_ODS_Code', 'trust');
      const isoOrNa = (c: string) => {
        const t = r.text(c);
        if (t === '' || t === 'NA') return null;
        if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
        r.fail(c, 'a date as YYYY-MM-DD, or NA');
        return undefined;
      };
      const open = isoOrNa('Open_date');
      const close = isoOrNa('Close_date');
      if (!code || open === undefined || close === undefined) continue;
      if (!b.unique(code, r.line, 'trust code')) continue;
      b.organisation({
        code,
        type: 'trust',
        name: r.text('Trust_Name'),
        authority: 'reference',
        postcode: r.text('Postcode') || null,
        openDate: open,
        closeDate: close,
        status: close ? 'closed' : 'active',
      });
      const icb = r.text('ICB_Code');
      if (isCodeOfType(icb, 'icb')) {
        b.organisation({
          code: icb,
          type: 'icb',
          name: r.text('ICB_Name'),
          authority: 'reference',
          status: 'active',
        });
        b.link({ child: code, relationship: 'trust_icb', parent: icb, from: '2022-07-01', to: null });
      }
      const region = r.text('National_grouping');
      if (isCodeOfType(region, 'region')) {
        b.organisation({
          code: region,
          type: 'region',
          name: r.text('NHS_region'),
          authority: 'reference',
          status: 'active',
        });
        b.link({
          child: code,
          relationship: 'trust_region',
          parent: region,
          from: open ?? '2022-07-01',
          to: null,
        });
      }
    }
  },
};

export const MAPPING_COLUMNS = [
  'REGION_ODS_CODE',
  'REGION_NAME',
  'STP_ODS_CODE',
  'STP_NAME',
  'CCG_ODS_CODE',
  'CCG_NAME',
  'PCN_ODS_CODE',
  'PCN_NAME',
  'PRACTICE_CODE',
  'PRACTICE_NAME',
] as const;

export const practiceMapping: Reader = {
  source: 'qof-geography',
  title: 'QOF mapping of practices to PCN, CCG, STP and region',
  required: MAPPING_COLUMNS,
  detect: (first) => hasColumns(first, 'PRACTICE_CODE', 'PCN_ODS_CODE', 'CCG_ODS_CODE', 'STP_ODS_CODE'),
  read(rows, b, file) {
    // the QOF year the mapping describes, from the file name (…2020-21…); links start at its 1 April
    const m = /(20\d\d)-(\d\d)/.exec(file.name);
    const from = m ? `${m[1]}-04-01` : null;
    if (!from) {
      b.problem({
        line: null,
        column: null,
        value: file.name,
        expected: 'a file name containing the QOF year, such as practice_pcn_ccg_stp_region_2020-21.csv',
      });
      return;
    }
    let withoutPcn = 0;
    for (const r of rows) {
      const practice = r.code('PRACTICE_CODE', 'practice');
      // "U" stands for "not in a PCN"
      const noPcn = r.text('PCN_ODS_CODE') === 'U';
      const pcn = noPcn ? 'U' : r.code('PCN_ODS_CODE', 'pcn');
      const ccg = r.code('CCG_ODS_CODE', 'sub_icb');
      const stp = r.code('STP_ODS_CODE', 'icb');
      const region = r.code('REGION_ODS_CODE', 'region');
      if (!practice || !pcn || !ccg || !stp || !region) continue;
      if (!b.unique(practice, r.line, 'practice')) continue;
      b.organisation({
        code: region,
        type: 'region',
        name: r.text('REGION_NAME'),
        authority: 'reference',
        status: 'active',
      });
      b.organisation({
        code: stp,
        type: 'icb',
        name: r.text('STP_NAME'),
        authority: 'reference',
        status: 'active',
      });
      b.organisation({
        code: ccg,
        type: 'sub_icb',
        name: r.text('CCG_NAME'),
        authority: 'reference',
        status: 'active',
      });
      b.mention(practice, 'practice', r.text('PRACTICE_NAME'));
      b.link({ child: practice, relationship: 'practice_sub_icb', parent: ccg, from, to: null });
      b.link({ child: ccg, relationship: 'sub_icb_icb', parent: stp, from, to: null });
      b.link({ child: stp, relationship: 'icb_region', parent: region, from, to: null });
      if (noPcn) {
        withoutPcn++;
        continue;
      }
      b.organisation({
        code: pcn,
        type: 'pcn',
        name: r.text('PCN_NAME'),
        authority: 'reference',
        status: 'active',
      });
      b.link({ child: practice, relationship: 'practice_pcn', parent: pcn, from, to: null });
      b.link({ child: pcn, relationship: 'pcn_sub_icb', parent: ccg, from, to: null });
    }
    if (withoutPcn > 0) b.warnings.push(`${withoutPcn} practices not in a PCN (PCN code "U")`);
  },
};

export const ccgToIcb: Reader = {
  source: 'ccg-to-icb',
  title: 'Every 2013–2022 CCG code mapped to its July 2022 ICB',
  required: ['CCG Code', 'ICB Code', 'ICB NAME'],
  detect: (first) => hasColumns(first, 'CCG Code', 'ICB Code'),
  read(rows, b) {
    for (const r of rows) {
      if (/^n\/a\b/i.test(r.text('CCG Code'))) {
        b.warnings.push(`line ${r.line}: no CCG code ("${r.text('CCG Code')}"); row not loaded`);
        b.rowsSkipped++;
        continue;
      }
      const ccg = r.code('CCG Code', 'sub_icb');
      const icb = r.code('ICB Code', 'icb');
      if (!ccg || !icb) continue;
      if (!b.unique(ccg, r.line, 'CCG code')) continue;
      b.organisation({
        code: icb,
        type: 'icb',
        name: r.text('ICB NAME'),
        authority: 'reference',
        status: 'active',
      });
      b.mention(ccg, 'sub_icb');
      b.link({ child: ccg, relationship: 'sub_icb_icb', parent: icb, from: '2022-07-01', to: null });
    }
  },
};
