/**
 * The NHS publications Lantern reads, where their publishers put them, and how often.
 *
 * Each entry says how a period's file is found: a stable URL pattern (`url`), or a publication page on which the
 * file's link must be looked up (`landing-page`): NHS England Digital puts each file under a folder with a random
 * part (files.digital.nhs.uk/F1/3E4D66/gp-reg-pat-prac-all.csv), so those URLs cannot be guessed. Publications whose
 * reader reads a layout the publisher does not publish (a third party's derived extract in the sample data) are
 * listed too, with why they cannot be fetched and where to get the publisher's file by hand.
 */
import { isoDate } from '../domain/periods.js';

export type Frequency = 'monthly' | 'annual (financial year)' | 'current file (a snapshot)';

/** How the periods of a publication are named and which one should be out by a given date. */
export type PeriodScheme =
  /** YYYY-MM, published `lagDays` after the month starts (a count as at the 1st of the month) */
  | { kind: 'month'; lagDays: number }
  /** YYYY-YY, published `lagDays` after the financial year ends on 31 March */
  | { kind: 'financial-year'; lagDays: number }
  /** the publisher serves only the current file: the period is the month it was fetched in (YYYY-MM) */
  | { kind: 'snapshot' };

export interface PeriodParams {
  period: string;
  /** an organisation code, for publications served per area */
  org?: string;
}

export type Locate =
  | { kind: 'url'; url: (p: PeriodParams) => string }
  | {
      kind: 'landing-page';
      page: (p: PeriodParams) => string;
      /** the link to take: matched against the decoded file name at the end of each link on the page */
      link: RegExp;
      /** hosts a link may point to (a link elsewhere is not followed) */
      hosts: readonly string[];
    };

export interface Fetchable {
  locate: Locate;
  /** what arrives: a CSV, or a zip holding the CSV the reader expects */
  container: 'csv' | 'zip';
  /** the zip member to load, matched against each member's file name */
  member?: RegExp;
  /** the expected file, in words, for messages and the list */
  expect: string;
  periods: PeriodScheme;
  /** parameters the URL needs (given with --org) */
  needs?: ReadonlyArray<'org'>;
}

export interface Publication {
  /** the name given to `lantern fetch`: the source name of the reader that loads it */
  id: string;
  title: string;
  publisher: string;
  /** where a person finds the publication */
  landingPage: string;
  frequency: Frequency | 'no longer published' | 'not published (a derived extract)' | 'local';
  /** the reader (`lantern ingest --source`) that loads the file */
  reader: string;
  fetch: Fetchable | null;
  /** why it cannot be fetched, and what to do instead (when `fetch` is null); or a caveat on the layout */
  note?: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 2026-11 → november-2026, as NHS England Digital names its monthly publication pages. */
export const monthSlug = (period: string): string => {
  const [y, m] = period.split('-').map(Number);
  return `${MONTHS[m - 1]}-${y}`;
};

const ODS_REPORT = (report: string) => () =>
  `https://www.odsdatasearchandexport.nhs.uk/api/getReport?report=${report}`;
const ODS_LANDING = 'https://www.odsdatasearchandexport.nhs.uk/';
const QOF_PAGE = (p: PeriodParams) =>
  `https://digital.nhs.uk/data-and-information/publications/statistical/quality-and-outcomes-framework-achievement-prevalence-and-exceptions-data/${p.period}`;
const QOF_LANDING =
  'https://digital.nhs.uk/data-and-information/publications/statistical/quality-and-outcomes-framework-achievement-prevalence-and-exceptions-data';
/** QOF's raw-data zip has had a different name each year: QOF_1920.zip, QOF2021_v2.zip, "QOF 2022-23 Raw data .csv files.zip", QOF2324.zip */
const QOF_ZIP = /^QOF[^/]*\.zip$/i;
const NHSE_DIGITAL_HOSTS = ['files.digital.nhs.uk', 'digital.nhs.uk'] as const;
/** QOF is published in the autumn after the year ends (late September to October) */
const QOF_PERIODS: PeriodScheme = { kind: 'financial-year', lagDays: 200 };

const qof = (id: string, title: string, member: RegExp, expect: string, note?: string): Publication => ({
  id,
  title,
  publisher: 'NHS England (formerly NHS Digital)',
  landingPage: QOF_LANDING,
  frequency: 'annual (financial year)',
  reader: id,
  fetch: {
    locate: { kind: 'landing-page', page: QOF_PAGE, link: QOF_ZIP, hosts: NHSE_DIGITAL_HOSTS },
    container: 'zip',
    member,
    expect,
    periods: QOF_PERIODS,
  },
  note,
});

const derived = (
  id: string,
  title: string,
  publisher: string,
  landingPage: string,
  why: string,
): Publication => ({
  id,
  title,
  publisher,
  landingPage,
  frequency: 'not published (a derived extract)',
  reader: id,
  fetch: null,
  note: why,
});

export const CATALOGUE: readonly Publication[] = [
  {
    id: 'ods-eccg',
    title: 'ODS eccg: CCGs (from July 2022 the same codes as sub-ICB locations)',
    publisher: 'NHS England Organisation Data Service (ODS)',
    landingPage: ODS_LANDING,
    frequency: 'current file (a snapshot)',
    reader: 'ods-eccg',
    fetch: {
      locate: { kind: 'url', url: ODS_REPORT('eccg') },
      container: 'csv',
      expect: 'eccg.csv: headerless CSV, 27 columns (ODS standard layout)',
      periods: { kind: 'snapshot' },
    },
  },
  {
    id: 'ods-epraccur',
    title: 'ODS epraccur: GP practices and prescribing cost centres',
    publisher: 'NHS England Organisation Data Service (ODS)',
    landingPage: ODS_LANDING,
    frequency: 'current file (a snapshot)',
    reader: 'ods-epraccur',
    fetch: {
      locate: { kind: 'url', url: ODS_REPORT('epraccur') },
      container: 'csv',
      expect: 'epraccur.csv: headerless CSV, 27 columns (ODS standard layout)',
      periods: { kind: 'snapshot' },
    },
    note: 'ODS moved its CSV downloads from files.digital.nhs.uk/assets/ods/current/*.zip to Data Search and Export reports; if the report address changes, correct it here',
  },
  derived(
    'ods-trusts',
    'NHS trusts with region and ICB',
    'NHS England Organisation Data Service (ODS), etr',
    ODS_LANDING,
    'the reader reads a third party’s derived table (named columns, ICB added); ODS publishes etr headerless, without the ICB',
  ),
  qof(
    'qof-geography',
    'QOF mapping of practices to PCN, CCG, STP and region',
    /^MAPPING_NHS_GEOGRAPHIES[^/]*\.csv$/i,
    'MAPPING_NHS_GEOGRAPHIES_YYZZ.csv inside the QOF raw-data zip',
    'the reader reads the CCG and STP columns of the 2019-20 … 2021-22 files; a year that renamed them is refused with the missing columns named, nothing loaded',
  ),
  derived(
    'ccg-to-icb',
    'Every 2013–2022 CCG code mapped to its July 2022 ICB',
    'a third party (HEEC), from ONS and ODS lookups',
    'https://geoportal.statistics.gov.uk/',
    'a derived lookup; ONS publishes its CCG → ICB lookups with other column names',
  ),
  {
    id: 'list-size-quarterly',
    title: 'Patient list size by practice, sex and STAR-PU age band (quarterly)',
    publisher: 'HSCIC (now NHS England)',
    landingPage:
      'https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice',
    frequency: 'no longer published',
    reader: 'list-size-quarterly',
    fetch: null,
    note: 'the quarterly files ended in 2016; the monthly gp-reg-pat-prac-all replaced them',
  },
  {
    id: 'gp-reg-pat-prac-all',
    title: 'Patients registered at a GP practice: totals',
    publisher: 'NHS England (formerly NHS Digital)',
    landingPage:
      'https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice',
    frequency: 'monthly',
    reader: 'gp-reg-pat-prac-all',
    fetch: {
      locate: {
        kind: 'landing-page',
        page: (p) =>
          `https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/${monthSlug(p.period)}`,
        link: /^gp-reg-pat-prac-all\.csv$/i,
        hosts: NHSE_DIGITAL_HOSTS,
      },
      container: 'csv',
      expect: 'gp-reg-pat-prac-all.csv: one row per practice, SEX and AGE both ALL',
      // counts as at the 1st of the month, published in the month's second week
      periods: { kind: 'month', lagDays: 14 },
    },
  },
  qof(
    'qof-prevalence',
    'QOF raw prevalence: register and list size by practice and clinical group',
    /^PREVALENCE_[^/]*\.csv$/i,
    'PREVALENCE_YYZZ.csv inside the QOF raw-data zip',
  ),
  qof(
    'qof-organisation-reference',
    'QOF practices and their revised maximum points',
    /^ORGANISATION_REFERENCE[^/]*\.csv$/i,
    'ORGANISATION_REFERENCE_YYZZ.csv inside the QOF raw-data zip',
  ),
  qof(
    'qof-validation',
    'QOF practice validation outcomes (data-quality flags)',
    /^PRACTICE_VALIDATION_OUTCOMES[^/]*\.csv$/i,
    'PRACTICE_VALIDATION_OUTCOMES_YYZZ.csv inside the QOF raw-data zip',
  ),
  derived(
    'qof-domain-2017-19',
    'QOF prevalence 2017-18 and 2018-19 by clinical domain',
    'a third party, from NHS Digital QOF tables',
    QOF_LANDING,
    'a derived table (semicolon-separated, European numbers); load the PREVALENCE file of each year instead',
  ),
  derived(
    'qof-cvd-2023-24',
    'QOF 2023-24 cardiovascular achievement and prevalence',
    'a third party (HEEC), from the NHS England QOF CVD workbook',
    QOF_LANDING,
    'derived from a spreadsheet; NHS England publishes achievement as a workbook, not this CSV',
  ),
  derived(
    'qof-vaccination-2023-24',
    'QOF 2023-24 vaccination and immunisation achievement',
    'a third party (HEEC), from NHS England QOF tables',
    QOF_LANDING,
    'derived from the QOF tables; not a file the publisher serves',
  ),
  derived(
    'qof-ccg-prevalence',
    'QOF prevalence by CCG',
    'a third party (OpenPrescribing), from HSCIC QOF 2013-14',
    QOF_LANDING,
    'a derived CCG table; QOF publishes CCG figures in workbooks',
  ),
  derived(
    'gpps',
    'GP Patient Survey practice results (weighted %)',
    'Ipsos for NHS England (GP Patient Survey)',
    'https://www.gp-patient.co.uk/surveysandreports',
    'the survey’s practice CSV names its columns by question (e.g. Q28 percentages); the reader reads a two-measure derived extract',
  ),
  {
    id: 'openprescribing-ktt9',
    title: 'OpenPrescribing measure: antibiotic items per STAR-PU (monthly, last five years)',
    publisher: 'Bennett Institute (OpenPrescribing), from NHSBSA English Prescribing Data',
    landingPage: 'https://openprescribing.net/measure/ktt9_antibiotics/',
    frequency: 'monthly',
    reader: 'openprescribing-ktt9',
    fetch: {
      locate: {
        kind: 'url',
        url: (p) =>
          `https://openprescribing.net/api/1.0/measure_by_practice/?format=csv&org=${encodeURIComponent(p.org ?? '')}&parent_org_type=ccg&measure=ktt9_antibiotics`,
      },
      container: 'csv',
      expect:
        'measure_by_practice CSV (measure, org_type, org_id, org_name, date, numerator, denominator, calc_value, percentile)',
      periods: { kind: 'snapshot' },
      needs: ['org'],
    },
  },
  derived(
    'openprescribing-antibacterials',
    'OpenPrescribing: antibacterial items and cost with list size (monthly)',
    'Bennett Institute (OpenPrescribing), from NHSBSA English Prescribing Data',
    'https://openprescribing.net/analyse/',
    'an export of the analyse page, not an API file; NHSBSA’s English Prescribing Data (opendata.nhsbsa.net) is per item and about 1 GB a month',
  ),
  derived(
    'fingertips-imd',
    'IMD score by practice (2010, 2015, 2019)',
    'a third party (HEEC), from OHID Fingertips',
    'https://fingertips.phe.org.uk/',
    'a derived table; fetch fingertips-export for the same scores in the Fingertips layout',
  ),
  {
    id: 'fingertips-export',
    title: 'OHID Fingertips: IMD 2019 score by GP practice (indicator 93553)',
    publisher: 'Office for Health Improvement and Disparities (Fingertips)',
    landingPage: 'https://fingertips.phe.org.uk/api',
    frequency: 'current file (a snapshot)',
    reader: 'fingertips-export',
    fetch: {
      locate: {
        kind: 'url',
        url: () =>
          'https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id?indicator_ids=93553&child_area_type_id=7',
      },
      container: 'csv',
      expect: 'the Fingertips all_data CSV (Indicator ID … Area Code … Time period … Value)',
      periods: { kind: 'snapshot' },
    },
  },
  derived(
    'cqc-ratings',
    'CQC latest overall rating per GP practice',
    'Care Quality Commission',
    'https://www.cqc.org.uk/about-us/transparency/using-cqc-data',
    'CQC publishes its ratings monthly as a spreadsheet (ODS); the reader reads a CSV derived from it',
  ),
  derived(
    'gp-workforce',
    'General Practice Workforce by practice (financial-year averages)',
    'NHS England (formerly NHS Digital)',
    'https://digital.nhs.uk/data-and-information/publications/statistical/general-and-personal-medical-services',
    'the publisher’s practice files are monthly; the reader reads financial-year averages derived from them',
  ),
  derived(
    'gp-payments',
    'NHS Payments to General Practice (annual)',
    'NHS England (formerly NHS Digital)',
    'https://digital.nhs.uk/data-and-information/publications/statistical/nhs-payments-to-general-practice',
    'the reader reads 21 columns mapped to one naming across years; each annual publisher file names them differently',
  ),
  derived(
    'ae-monthly',
    'A&E attendances, 4-hour breaches and admissions by provider and type (monthly)',
    'NHS England (statistics), via the NHSRdatasets package',
    'https://www.england.nhs.uk/statistics/statistical-work-areas/ae-waiting-times-and-activity/',
    'a derived long table; NHS England publishes a wide monthly CSV per month',
  ),
  ...(
    [
      ['ae-2022', 'A&E by trust, one month of 2022'],
      ['rtt-2022', 'Referral to treatment waits by trust, one month of 2022'],
      ['cancer-2022', 'Cancer waiting times by trust, one month of 2022'],
      ['diagnostics-2022', 'Diagnostic waits by trust, one month of 2022'],
      ['referrals-2022', 'Outpatient referrals by trust, one month of 2022'],
      ['beds-2022', 'Bed occupancy by trust, one quarter of 2022'],
    ] as const
  ).map(([id, title]) =>
    derived(
      id,
      title,
      'NHS England (statistics), via the healthyr package',
      'https://www.england.nhs.uk/statistics/',
      'a one-off snapshot in a package; not published as this file',
    ),
  ),
  {
    id: 'generic-indicator',
    title: 'Generic indicator CSV (a commissioner’s local figures)',
    publisher: 'the commissioner',
    landingPage: 'docs: lantern ingest --help',
    frequency: 'local',
    reader: 'generic-indicator',
    fetch: null,
    note: 'local figures are loaded with `lantern ingest`, not fetched',
  },
];

export function publication(id: string): Publication | undefined {
  return CATALOGUE.find((p) => p.id === id);
}

const DAY = 86_400_000;
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** A period's name checked against its scheme; null when it is not one. */
export function parsePeriod(scheme: PeriodScheme, s: string): string | null {
  if (scheme.kind === 'financial-year') {
    const m = /^(\d{4})-(\d{2})$/.exec(s);
    return m && (Number(m[1]) + 1) % 100 === Number(m[2]) ? s : null;
  }
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? s : null;
}

export const periodShape = (scheme: PeriodScheme): string =>
  scheme.kind === 'financial-year'
    ? 'a financial year such as 2023-24'
    : scheme.kind === 'month'
      ? 'a month such as 2026-11'
      : 'latest (the publisher serves only its current file) or the current month';

/** The newest period that should be out by `today` (YYYY-MM-DD, England). */
export function newestExpectedPeriod(scheme: PeriodScheme, today: string): string {
  const t = utc(today);
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  if (scheme.kind === 'snapshot') return today.slice(0, 7);
  if (scheme.kind === 'month') {
    while (utc(isoDate(y, m, 1)) + scheme.lagDays * DAY > t) {
      m--;
      if (m === 0) {
        m = 12;
        y--;
      }
    }
    return `${y}-${String(m).padStart(2, '0')}`;
  }
  // the financial year ending on 31 March of `end`
  let end = m >= 4 ? y + 1 : y;
  while (utc(isoDate(end, 3, 31)) + scheme.lagDays * DAY > t) end--;
  return `${end - 1}-${String(end % 100).padStart(2, '0')}`;
}
