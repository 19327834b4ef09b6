/** The public view's contract: practices and hospitals on published open data only. */
import { z } from 'zod';
import { timestamp } from '../api/route.js';

/** What a figure is, in the public view's words. */
const about = {
  indicator: z.string(),
  title: z.string(),
  domain: z.string(),
  unit: z.string(),
  direction: z.string(),
  about: z.string(),
  numeratorDescription: z.string().nullable(),
  denominatorDescription: z.string().nullable(),
};

/** A figure read against its comparator: the 95% interval (or why none), the comparison and what it means. */
const reading = {
  interval: z.object({ lower: z.number(), upper: z.number(), method: z.string() }).nullable(),
  noInterval: z.string().nullable(),
  comparison: z.enum(['higher', 'lower', 'similar']).nullable(),
  meaning: z.string(),
};

const figures = {
  value: z.number(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
};

export const PublicPracticeSearchQuery = z.object({
  q: z.string().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const publicPracticeSearch = z.object({
  results: z.array(
    z.object({ code: z.string(), name: z.string(), postcode: z.string().nullable(), open: z.boolean() }),
  ),
});

export const publicPractice = z.object({
  practice: z.object({ code: z.string(), name: z.string() }),
  area: z.object({ code: z.string(), name: z.string() }).nullable(),
  figures: z.array(
    z.object({
      ...about,
      periodStart: z.string(),
      periodEnd: z.string(),
      ...figures,
      ...reading,
      england: z.object({ value: z.number(), label: z.string() }).nullable(),
      areaFigure: z.object({ code: z.string(), name: z.string(), value: z.number() }).nullable(),
      source: z.object({
        publisher: z.string(),
        url: z.string().nullable(),
        file: z.string(),
        loadedAt: timestamp(),
      }),
    }),
  ),
  open: z.boolean(),
  about: z.string(),
});

export const PublicHospitalsQuery = z.object({
  q: z.string().max(100).default('').describe('part of a trust’s name or its ODS code'),
  limit: z.coerce.number().int().min(1).max(250).default(50),
});

export const publicHospitals = z.object({
  measures: z.array(
    z.object({
      ...about,
      periodStart: z.string(),
      periodEnd: z.string(),
      /** the middle trust in England */
      median: z.number().nullable(),
      trusts: z.number().int(),
      source: z.object({ publisher: z.string(), url: z.string().nullable() }),
    }),
  ),
  /** how many trusts match (before the limit) */
  total: z.number().int(),
  hospitals: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** by measure code */
      figures: z.record(z.string(), z.object({ ...figures, ...reading, file: z.string() })),
    }),
  ),
  about: z.string(),
});
