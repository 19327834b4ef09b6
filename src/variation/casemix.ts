/**
 * Case-mix adjustment by a model, for indicators without reference rates by age and sex: a Poisson regression of
 * each practice's count on its age and sex structure, deprivation, need-weighted list and list size, across all
 * practices with those facts (offset: the denominator). The fitted count is the practice's expected count; the
 * adjusted comparison is observed / expected on a ratio funnel. The model's fit is reported with every answer.
 */
import type { Queryable } from '../db/connect.js';
import { ageProfileDateNear, ageProfilesOn, imdScoresNear, needRatiosNear } from '../db/repos/casemix.js';
import { poissonGlm } from '../stats/glm.js';
import { qnorm } from '../stats/distributions.js';
import { splineBasis, splineKnots } from '../stats/splines.js';

export interface Covariate {
  name: string;
  label: string;
  /** where the values come from, and for which date */
  source: string;
  values: Map<string, number>;
}

const AGE_GROUPS: Array<{ name: string; label: string; bands: string[] }> = [
  { name: 'age_0_14', label: 'share of the list aged 0–14', bands: ['0-4', '5-14'] },
  { name: 'age_15_24', label: 'share aged 15–24 (students)', bands: ['15-24'] },
  { name: 'age_65_74', label: 'share aged 65–74', bands: ['65-74'] },
  { name: 'age_75_plus', label: 'share aged 75 and over', bands: ['75+'] },
];

/** The case-mix facts Lantern holds for practices, each from the latest date at or before `asOf` (else the earliest after). */
export async function casemixCovariates(db: Queryable, asOf: string): Promise<Covariate[]> {
  const out: Covariate[] = [];
  const ageDate = await ageProfileDateNear(db, asOf);
  if (ageDate !== null) {
    const rows = await ageProfilesOn(db, ageDate);
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r.org, (totals.get(r.org) ?? 0) + r.patients);
    const share = (pred: (r: (typeof rows)[number]) => boolean) => {
      const m = new Map<string, number>();
      for (const r of rows) if (pred(r)) m.set(r.org, (m.get(r.org) ?? 0) + r.patients);
      for (const [org, t] of totals) m.set(org, t > 0 ? (m.get(org) ?? 0) / t : NaN);
      return m;
    };
    const source = `registered patients by age and sex, ${ageDate}`;
    for (const g of AGE_GROUPS)
      out.push({ name: g.name, label: g.label, source, values: share((r) => g.bands.includes(r.band)) });
    out.push({ name: 'female', label: 'share female', source, values: share((r) => r.sex === 'female') });
  }
  const imd = await imdScoresNear(db, asOf);
  if (imd.length)
    out.push({
      name: 'imd',
      label: 'deprivation (IMD score)',
      source: `Index of Multiple Deprivation by practice (nearest year to ${asOf.slice(0, 4)})`,
      values: new Map(imd.map((r) => [r.org, r.value])),
    });
  const need = await needRatiosNear(db, asOf);
  if (need.length)
    out.push({
      name: 'need',
      label: 'need-weighted list ÷ registered list (Carr-Hill)',
      source: 'GP payments: weighted and registered patients (nearest year)',
      values: new Map(need.filter((r) => Number.isFinite(r.ratio)).map((r) => [r.org, r.ratio])),
    });
  return out;
}

/** How far (in SD) a covariate may lie from the mean before the model is not trusted for that practice. */
export const OUTSIDE_SD = 4;

/**
 * With at least this many practices every fact enters as a restricted cubic spline (4 knots: 3 coefficients; 5
 * knots from FIVE_KNOTS_MIN_PRACTICES) rather than a straight line; with fewer, straight lines (at least about 15
 * practices per coefficient either way). A
 * straight line in the share aged 65+ leaves both ends over-predicted (on QOF hypertension prevalence 2019-20 the
 * youngest and oldest tenths of practices averaged adjusted z −1.69 and −0.80); the spline follows the curve.
 */
export const FLEXIBLE_MIN_PRACTICES = 500;
/** From this many practices the splines get 5 knots (4 coefficients each) instead of 4. */
export const FIVE_KNOTS_MIN_PRACTICES = 1000;

export interface CasemixTerm {
  name: string;
  label: string;
  source: string;
  /** 'spline': a restricted cubic spline with 4 knots; 'linear': a straight line (too few practices for a curve) */
  shape: 'spline' | 'linear';
  /** the fact's 10th and 90th centiles over the practices fitted */
  low: number;
  high: number;
  /** rate ratio of a practice at the 90th centile against one at the 10th, others equal, with its 95% interval */
  rateRatio: number;
  lower: number;
  upper: number;
}

/** Mean adjusted z by tenth of one fact: flat near 0 when the model leaves no pattern in it. */
export interface ResidualCheck {
  name: string;
  label: string;
  tenths: Array<{ from: number; to: number; practices: number; meanZ: number }>;
}

export interface CasemixModel {
  method: string;
  adjustedFor: string[];
  terms: CasemixTerm[];
  practices: number;
  /** practices without every covariate */
  excluded: number;
  /** practices whose case mix is beyond 4 SD of the bulk on some covariate: not adjusted */
  outsideRange: string[];
  deviance: number;
  nullDeviance: number;
  /** 1 − deviance / null deviance */
  devianceExplained: number;
  dispersion: number;
  aic: number;
  /** mean adjusted z by tenth of each fact (filled in once the adjusted funnel is fitted) */
  residualCheck: ResidualCheck[];
}

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
};

/** A fact's columns in the model: a spline basis on the standardised value, or the value alone. */
interface TermDesign {
  columns: (x: number) => number[];
  shape: 'spline' | 'linear';
}

function designFor(values: number[], flexible: boolean, k: 3 | 4 | 5): TermDesign {
  if (flexible) {
    const knots = splineKnots(values, k);
    if (knots.every((t, j) => j === 0 || t > knots[j - 1]!))
      return { columns: (x) => splineBasis(x, knots), shape: 'spline' };
  }
  return { columns: (x) => [x], shape: 'linear' };
}

/**
 * Fit the model and return each included practice's expected count. Practices without every covariate are left
 * out of the adjusted view (counted in `excluded`).
 */
export function fitCasemix(
  rows: Array<{ code: string; numerator: number; denominator: number }>,
  covariates: Covariate[],
  /** straight lines or splines (default: splines from FLEXIBLE_MIN_PRACTICES practices), and the knots per spline */
  opts: { flexible?: boolean; knots?: 3 | 4 | 5 } = {},
): { expected: Map<string, number>; model: CasemixModel } {
  const usable = rows.filter(
    (r) => r.denominator > 0 && covariates.every((c) => Number.isFinite(c.values.get(r.code))),
  );
  if (usable.length < covariates.length + 20)
    throw new RangeError(
      `case-mix adjustment needs at least ${covariates.length + 20} practices with every covariate; ${usable.length} have them`,
    );
  // standardise each covariate (and log list size), so that the 4-SD screen and the knots are on one scale
  const raw = usable.map((r) => [...covariates.map((c) => c.values.get(r.code)!), Math.log(r.denominator)]);
  const k = raw[0]!.length;
  const mean = Array.from({ length: k }, (_, j) => raw.reduce((a, x) => a + x[j]!, 0) / raw.length);
  const sd = Array.from({ length: k }, (_, j) =>
    Math.sqrt(raw.reduce((a, x) => a + (x[j]! - mean[j]!) ** 2, 0) / (raw.length - 1)),
  );
  const keep = sd.map((s) => s > 0);
  const scaled = raw.map((row) => row.flatMap((v, j) => (keep[j] ? [(v - mean[j]!) / sd[j]!] : [])));
  // A practice unlike the bulk (a covariate beyond 4 SD, e.g. a university or care-home practice) is outside what
  // the model can speak for: it is neither fitted nor judged adjusted, and the answer says so.
  const inRange = scaled.map((row) => row.every((v) => Math.abs(v) <= OUTSIDE_SD));
  const fitted = usable.filter((_, i) => inRange[i]);
  const features = scaled.filter((_, i) => inRange[i]);
  const names = [
    ...covariates.map((c) => ({ name: c.name, label: c.label, source: c.source })),
    { name: 'list_size', label: 'list size (log)', source: 'the indicator’s own denominator' },
  ].filter((_, j) => keep[j]);
  const flexible = opts.flexible ?? fitted.length >= FLEXIBLE_MIN_PRACTICES;
  const knots = opts.knots ?? (fitted.length >= FIVE_KNOTS_MIN_PRACTICES ? 5 : 4);
  const designs = names.map((_, j) =>
    designFor(
      features.map((f) => f[j]!),
      flexible,
      knots,
    ),
  );
  const rowOf = (f: number[]) => [1, ...designs.flatMap((d, j) => d.columns(f[j]!))];
  const x = features.map(rowOf);
  const fit = poissonGlm(
    x,
    fitted.map((r) => r.numerator),
    fitted.map((r) => Math.log(r.denominator)),
  );
  const z = qnorm(0.975);
  // quasi-Poisson: the model's own intervals allow for overdispersion
  const scale = Math.max(1, fit.dispersion);
  const p = x[0]!.length;
  const terms: CasemixTerm[] = [];
  let col = 1;
  names.forEach((n, j) => {
    const values = features.map((f) => f[j]!);
    const [lo, hi] = [quantile(values, 0.1), quantile(values, 0.9)];
    const d = designs[j]!;
    const diff = d.columns(hi).map((v, c) => v - d.columns(lo)[c]!);
    const idx = diff.map((_, c) => col + c);
    col += diff.length;
    const b = idx.reduce((a, i, c) => a + fit.coefficients[i]! * diff[c]!, 0);
    let v = 0;
    idx.forEach((i, a) => idx.forEach((i2, c) => (v += diff[a]! * diff[c]! * fit.covariance[i * p + i2]!)));
    const se = Math.sqrt(v * scale);
    const unscale = (s: number) =>
      j < covariates.length ? s * sd[j]! + mean[j]! : Math.exp(s * sd[j]! + mean[j]!);
    terms.push({
      ...n,
      shape: d.shape,
      low: unscale(lo),
      high: unscale(hi),
      rateRatio: Math.exp(b),
      lower: Math.exp(b - z * se),
      upper: Math.exp(b + z * se),
    });
  });
  return {
    expected: new Map(fitted.map((r, i) => [r.code, fit.fitted[i]!])),
    model: {
      method: `Poisson regression of the count on the facts listed, with the denominator as offset, fitted across all practices by iteratively reweighted least squares; ${flexible ? 'each fact enters as a restricted cubic spline with ${knots} knots (Harrell), so that curved relationships such as age are followed' : `each fact enters as a straight line (fewer than ${FLEXIBLE_MIN_PRACTICES} practices: too few for curves)`}; intervals are quasi-Poisson (scaled by the dispersion)`,
      adjustedFor: names.map((n) => n.label),
      terms,
      practices: fitted.length,
      excluded: rows.length - usable.length,
      outsideRange: usable.filter((_, i) => !inRange[i]).map((r) => r.code),
      deviance: fit.deviance,
      nullDeviance: fit.nullDeviance,
      devianceExplained: 1 - fit.deviance / fit.nullDeviance,
      dispersion: fit.dispersion,
      aic: fit.aic,
      residualCheck: [],
    },
  };
}

/**
 * Mean adjusted z by tenth of each fact, and of the share aged 65 and over: the check that the model leaves no
 * pattern (each tenth's mean near 0). `z` holds the adjusted z-score of each fitted practice.
 */
export function residualCheck(
  z: Map<string, number>,
  covariates: Covariate[],
  listSize: Map<string, number>,
): ResidualCheck[] {
  const facts: Array<{ name: string; label: string; values: Map<string, number> }> = [...covariates];
  const old = covariates.filter((c) => c.name === 'age_65_74' || c.name === 'age_75_plus');
  if (old.length === 2)
    facts.splice(0, 0, {
      name: 'age_65_plus',
      label: 'share aged 65 and over',
      values: new Map([...old[0]!.values].map(([code, v]) => [code, v + (old[1]!.values.get(code) ?? NaN)])),
    });
  facts.push({ name: 'list_size', label: 'list size', values: listSize });
  return facts.map((f) => {
    const pts = [...z]
      .filter(([code, v]) => Number.isFinite(v) && Number.isFinite(f.values.get(code)))
      .map(([code, v]) => ({ x: f.values.get(code)!, z: v }))
      .sort((a, b) => a.x - b.x);
    const tenths = Array.from({ length: 10 }, (_, t) => {
      const part = pts.slice(Math.floor((t * pts.length) / 10), Math.floor(((t + 1) * pts.length) / 10));
      return {
        from: part[0]?.x ?? NaN,
        to: part.at(-1)?.x ?? NaN,
        practices: part.length,
        meanZ: part.length ? part.reduce((a, p) => a + p.z, 0) / part.length : NaN,
      };
    });
    return { name: f.name, label: f.label, tenths };
  });
}
