/**
 * Measure: an indicator's definition. Scoring follows the indicator's method (a proportion is a proportion, a rate
 * or ratio a ratio, a count, value or mean a continuous variable); the populations are its numerator and denominator
 * with their definitions; improvementNotation follows its better direction and is left out when it has none.
 */
import type { CatalogueEntry } from '../db/repos/indicators.js';
import type { z } from 'zod';
import type { measure } from './contract.js';
import {
  DATA_ABSENT_REASON,
  EXTENSION,
  IMPROVEMENT_NOTATION_SYSTEM,
  INDICATOR_SYSTEM,
  MEASURE_POPULATION_SYSTEM,
  MEASURE_SCORING_SYSTEM,
  measureId,
  measureUrl,
} from './systems.js';

export type Scoring = 'proportion' | 'ratio' | 'continuous-variable';

export function scoringOf(method: string): Scoring {
  if (method === 'proportion') return 'proportion';
  if (method === 'rate' || method === 'ratio') return 'ratio';
  return 'continuous-variable';
}

/** The improvement notation as a CodeableConcept, or null when neither direction is better. */
export function improvementNotation(direction: string) {
  const code = direction === 'higher_better' ? 'increase' : direction === 'lower_better' ? 'decrease' : null;
  if (!code) return null;
  return {
    coding: [
      {
        system: IMPROVEMENT_NOTATION_SYSTEM,
        code,
        display:
          code === 'increase'
            ? 'Increased score indicates improvement'
            : 'Decreased score indicates improvement',
      },
    ],
  };
}

export const populationCode = (code: 'numerator' | 'denominator') => ({
  coding: [
    { system: MEASURE_POPULATION_SYSTEM, code, display: code === 'numerator' ? 'Numerator' : 'Denominator' },
  ],
});

const population = (code: 'numerator' | 'denominator', description: string) => ({
  code: populationCode(code),
  description,
  // Lantern has no computable criteria, only the publisher's words: the expression language is absent, and says why
  criteria: {
    description,
    _language: { extension: [{ url: DATA_ABSENT_REASON, valueCode: 'not-applicable' }] },
  },
});

export function measureResource(def: CatalogueEntry): z.input<typeof measure> {
  const notation = improvementNotation(def.direction);
  const populations = [
    def.numeratorDescription !== null ? population('numerator', def.numeratorDescription) : null,
    def.denominatorDescription !== null ? population('denominator', def.denominatorDescription) : null,
  ].filter((p) => p !== null);
  const scoring = scoringOf(def.method);
  return {
    resourceType: 'Measure',
    id: measureId(def.code),
    extension: [
      { url: EXTENSION.multiplier, valueDecimal: def.multiplier },
      ...(def.unit ? [{ url: EXTENSION.unit, valueString: def.unit }] : []),
      { url: EXTENSION.published, valueBoolean: def.published },
    ],
    url: measureUrl(def.code),
    identifier: [{ system: INDICATOR_SYSTEM, value: def.code }],
    version: String(def.version),
    name: def.code,
    title: def.title,
    status: 'active',
    publisher: def.source,
    description: def.howToRead,
    topic: [{ text: def.domain }],
    scoring: { coding: [{ system: MEASURE_SCORING_SYSTEM, code: scoring }] },
    ...(notation ? { improvementNotation: notation } : {}),
    ...(populations.length
      ? {
          group: [
            {
              description:
                scoring === 'continuous-variable'
                  ? `${def.title} (${def.method})`
                  : `${def.title}: numerator ÷ denominator × ${def.multiplier}${def.unit ? ` (${def.unit})` : ''}`,
              population: populations,
            },
          ],
        }
      : {}),
  };
}
