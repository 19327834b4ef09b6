/**
 * The public view's answers: a practice's published figures beside England and its area, and the hospitals' published
 * waiting-time and A&E figures side by side (the referral-choice comparison without concern counts). Built only from
 * src/db/repos/public-figures.ts, which selects published indicators and nothing of the commissioners' working data.
 */
import type { Queryable } from '../db/connect.js';
import { nationalPracticeCount } from '../db/repos/indicators.js';
import {
  publishedPracticeFigures,
  publishedTrustFigures,
  publishedTrustMeasures,
  type PublishedDefinition,
} from '../db/repos/public-figures.js';
import { REFERRAL_MEASURES } from '../concerns/scorecard.js';
import {
  compareInterval,
  meaningOf,
  publicInterval,
  type Comparison,
  type PublicInterval,
} from './reading.js';
import { publisherUrl } from './sources.js';

/** What else moves a practice's figure, for the "what this means" line. */
const PRACTICE_WHY = 'the age and needs of the patients the practice serves, how care is recorded, or chance';
const TRUST_WHY =
  'how many patients it serves, which specialist services it runs, and how many people wait there';

const about = (d: PublishedDefinition) => ({
  indicator: d.code,
  title: d.title,
  domain: d.domain,
  unit: d.unit,
  direction: d.direction,
  about: d.howToRead,
  numeratorDescription: d.numeratorDescription,
  denominatorDescription: d.denominatorDescription,
});

function read(
  d: PublishedDefinition,
  numerator: number | null,
  denominator: number | null,
  comparator: number | null,
  against: string,
  why: string,
): {
  interval: PublicInterval | null;
  noInterval: string | null;
  comparison: Comparison | null;
  meaning: string;
} {
  const i = publicInterval(d, numerator, denominator);
  const interval = 'none' in i ? null : i;
  const comparison = interval && comparator !== null ? compareInterval(interval, comparator) : null;
  const meaning =
    comparator === null
      ? `There is no figure for ${against} in this period to compare with.`
      : meaningOf(d, comparison, against, why);
  return { interval, noInterval: 'none' in i ? i.none : null, comparison, meaning };
}

export async function publicPracticeView(db: Queryable, practice: { code: string; name: string }) {
  const [figures, national] = await Promise.all([
    publishedPracticeFigures(db, practice.code),
    nationalPracticeCount(db),
  ]);
  // the practice's area as at its newest figure
  const last = figures
    .filter((f) => f.areaCode)
    .reduce<(typeof figures)[number] | undefined>(
      (a, f) => (!a || f.periodStart > a.periodStart ? f : a),
      undefined,
    );
  return {
    practice: { code: practice.code, name: practice.name },
    area: last?.areaCode ? { code: last.areaCode, name: last.areaName ?? last.areaCode } : null,
    figures: figures.map((f) => {
      // an England figure over far fewer practices than the store holds is not England (e.g. one region's data)
      const partial = f.englandUnits !== null && f.englandUnits < national / 2;
      // a median is the middle practice, not an average (QOF achievement's is often 100%)
      const median = f.englandStatistic === 'median';
      const englandLabel = partial
        ? median
          ? `the middle practice of the ${f.englandUnits} with published data`
          : `the average of the ${f.englandUnits} practices with published data`
        : median
          ? 'the middle practice in England'
          : 'the England average';
      return {
        ...about(f),
        periodStart: f.periodStart,
        periodEnd: f.periodEnd,
        value: f.value,
        numerator: f.numerator,
        denominator: f.denominator,
        ...read(f, f.numerator, f.denominator, f.englandValue, englandLabel, PRACTICE_WHY),
        england: f.englandValue === null ? null : { value: f.englandValue, label: englandLabel },
        areaFigure:
          f.areaValue === null || !f.areaCode
            ? null
            : { code: f.areaCode, name: f.areaName ?? f.areaCode, value: f.areaValue },
        source: {
          publisher: f.source,
          url: publisherUrl(f.source),
          file: f.sourceFile,
          loadedAt: f.loadedAt,
        },
      };
    }),
  };
}

export interface TrustFigure extends ReturnType<typeof read> {
  value: number;
  numerator: number | null;
  denominator: number | null;
  file: string;
}

export type PublicPracticeView = Awaited<ReturnType<typeof publicPracticeView>>;
export type PublicHospitalsView = Awaited<ReturnType<typeof publicHospitalsView>>;

export async function publicHospitalsView(db: Queryable, trusts: string[] | null) {
  const measures = await publishedTrustMeasures(db, REFERRAL_MEASURES);
  const figures = await publishedTrustFigures(db, measures, trusts);
  const byTrust = new Map<string, { code: string; name: string; figures: Record<string, TrustFigure> }>();
  for (const f of figures) {
    const m = measures.find((x) => x.code === f.indicator)!;
    const t = byTrust.get(f.trustCode) ?? { code: f.trustCode, name: f.trustName, figures: {} };
    t.figures[f.indicator] = {
      value: f.value,
      numerator: f.numerator,
      denominator: f.denominator,
      ...read(m, f.numerator, f.denominator, m.median, 'the middle trust in England (the median)', TRUST_WHY),
      file: f.sourceFile,
    };
    byTrust.set(f.trustCode, t);
  }
  return {
    measures: measures.map((m) => ({
      ...about(m),
      periodStart: m.periodStart,
      periodEnd: m.periodEnd,
      median: m.median,
      trusts: m.trusts,
      source: { publisher: m.source, url: publisherUrl(m.source) },
    })),
    hospitals: [...byTrust.values()],
  };
}
