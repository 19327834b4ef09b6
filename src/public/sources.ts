/**
 * Where a published figure can be found at its publisher, for readers of the public view (and its printed copy):
 * the publication's landing page, matched on the definition's source text. Null when no page is known.
 */
const PUBLISHERS: Array<[RegExp, string]> = [
  [/GP Patient Survey/i, 'https://www.gp-patient.co.uk/surveysandreports'],
  [
    /QOF|Quality and Outcomes Framework/i,
    'https://digital.nhs.uk/data-and-information/publications/statistical/quality-and-outcomes-framework-achievement-prevalence-and-exceptions-data',
  ],
  [/OpenPrescribing/i, 'https://openprescribing.net/'],
  [
    /General Practice Workforce/i,
    'https://digital.nhs.uk/data-and-information/publications/statistical/general-and-personal-medical-services',
  ],
  [
    /Payments to General Practice/i,
    'https://digital.nhs.uk/data-and-information/publications/statistical/nhs-payments-to-general-practice',
  ],
  [/Fingertips/i, 'https://fingertips.phe.org.uk/'],
  [/Care Quality Commission/i, 'https://www.cqc.org.uk/'],
  [/A&E/i, 'https://www.england.nhs.uk/statistics/statistical-work-areas/ae-waiting-times-and-activity/'],
  [
    /referral to treatment/i,
    'https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/',
  ],
  [
    /diagnostic waiting/i,
    'https://www.england.nhs.uk/statistics/statistical-work-areas/diagnostics-waiting-times-and-activity/',
  ],
  [/cancer waiting/i, 'https://www.england.nhs.uk/statistics/statistical-work-areas/cancer-waiting-times/'],
  [
    /bed availability/i,
    'https://www.england.nhs.uk/statistics/statistical-work-areas/bed-availability-and-occupancy/',
  ],
  [
    /registered/i,
    'https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice',
  ],
];

export function publisherUrl(source: string): string | null {
  return PUBLISHERS.find(([re]) => re.test(source))?.[1] ?? null;
}
