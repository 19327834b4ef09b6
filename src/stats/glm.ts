/**
 * Poisson regression (log link, optional offset) by iteratively reweighted least squares, as R's
 * glm(family = poisson) fits it: deviance, null deviance, AIC, standard errors from the inverse information,
 * and the Pearson dispersion for a quasi-Poisson reading. Used for model-based expected counts (case mix).
 */
import { cholesky } from './linalg.js';

export interface PoissonFit {
  coefficients: Float64Array;
  standardErrors: Float64Array;
  /** the inverse information (p × p, row-major): the coefficients' covariance under the Poisson model */
  covariance: Float64Array;
  fitted: Float64Array;
  deviance: number;
  nullDeviance: number;
  dfResidual: number;
  dfNull: number;
  aic: number;
  /** Pearson χ² / residual df: above 1 means more variation than Poisson */
  dispersion: number;
  iterations: number;
  converged: boolean;
}

/** ln(n!) for a whole n ≥ 0: summed exactly below 30, Stirling's series (error < 1e-12) above. */
export function lnFactorial(n: number): number {
  if (n < 30) {
    let s = 0;
    for (let k = 2; k <= n; k++) s += Math.log(k);
    return s;
  }
  const n2 = n * n;
  return (
    n * Math.log(n) -
    n +
    0.5 * Math.log(2 * Math.PI * n) +
    1 / (12 * n) -
    1 / (360 * n * n2) +
    1 / (1260 * n2 * n2 * n)
  );
}

/** y·ln(y/μ) with the 0·ln 0 = 0 convention. */
const ylogy = (y: number, mu: number) => (y > 0 ? y * Math.log(y / mu) : 0);

export function poissonDeviance(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += 2 * (ylogy(y[i], mu[i]) - (y[i] - mu[i]));
  return d;
}

/** Solve A x = b for a symmetric positive-definite A (Cholesky); also returns A⁻¹ (row-major). */
function choleskySolve(
  a: Float64Array,
  b: Float64Array,
  p: number,
): { x: Float64Array; inverse: Float64Array } {
  const l = cholesky(a, p);
  if (!l) throw new RangeError('the model matrix is not of full rank (collinear covariates)');
  const solve = (rhs: Float64Array): Float64Array<ArrayBuffer> => {
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = rhs[i];
      for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
      z[i] = s / l[i * p + i];
    }
    const x = new Float64Array(p);
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
      x[i] = s / l[i * p + i];
    }
    return x;
  };
  const inverse = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    inverse.set(solve(e), j * p);
  }
  return { x: solve(b), inverse };
}

/**
 * Fit log E[y] = offset + X β. `x` is row-major (n × p) and should include an intercept column.
 * @example poissonGlm([[1],[1]], [3, 5]) // intercept ln 4
 */
export function poissonGlm(
  x: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  offset?: ArrayLike<number>,
  opts: { maxIterations?: number; tolerance?: number } = {},
): PoissonFit {
  const n = y.length;
  const p = x[0]?.length ?? 0;
  if (n !== x.length) throw new RangeError('x and y differ in length');
  if (n <= p) throw new RangeError(`a model with ${p} coefficients needs more than ${p} observations`);
  for (let i = 0; i < n; i++)
    if (!(y[i] >= 0) || !Number.isFinite(y[i]))
      throw new RangeError(`y[${i}] must be a count ≥ 0, got ${y[i]}`);
  const off = (i: number) => (offset ? offset[i] : 0);
  const maxIt = opts.maxIterations ?? 50;
  const tol = opts.tolerance ?? 1e-10;
  // R's starting values: μ = y + 0.1
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = y[i] + 0.1;
    eta[i] = Math.log(mu[i]);
  }
  let beta: Float64Array = new Float64Array(p);
  let dev = poissonDeviance(y, mu);
  let it = 0;
  let converged = false;
  while (it < maxIt) {
    it++;
    const xtwx = new Float64Array(p * p);
    const xtwz = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const w = mu[i];
      const z = eta[i] - off(i) + (y[i] - mu[i]) / mu[i];
      const row = x[i];
      for (let a = 0; a < p; a++) {
        const wa = w * row[a];
        xtwz[a] += wa * z;
        for (let b = 0; b <= a; b++) xtwx[a * p + b] += wa * row[b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) xtwx[a * p + b] = xtwx[b * p + a];
    beta = choleskySolve(xtwx, xtwz, p).x;
    for (let i = 0; i < n; i++) {
      let e = off(i);
      for (let a = 0; a < p; a++) e += x[i][a] * beta[a];
      eta[i] = e;
      mu[i] = Math.exp(e);
    }
    const next = poissonDeviance(y, mu);
    // R's criterion: |dev − dev_old| / (|dev| + 0.1) < ε
    if (Math.abs(next - dev) / (Math.abs(next) + 0.1) < tol) {
      dev = next;
      converged = true;
      break;
    }
    dev = next;
  }
  // information at the final μ
  const info = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) info[a * p + b] += mu[i] * x[i][a] * x[i][b];
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) info[a * p + b] = info[b * p + a];
  const covariance = choleskySolve(info, new Float64Array(p), p).inverse;
  const invDiag = Float64Array.from({ length: p }, (_, j) => covariance[j * p + j]!);
  // null model: intercept (with the offset) only, fitted in closed form
  let sumY = 0;
  let sumOff = 0;
  for (let i = 0; i < n; i++) {
    sumY += y[i];
    sumOff += Math.exp(off(i));
  }
  const nullMu = Array.from({ length: n }, (_, i) => (sumY / sumOff) * Math.exp(off(i)));
  let pearson = 0;
  let logLik = 0;
  for (let i = 0; i < n; i++) {
    pearson += (y[i] - mu[i]) ** 2 / mu[i];
    logLik += y[i] * Math.log(mu[i]) - mu[i] - lnFactorial(y[i]);
  }
  return {
    coefficients: beta,
    standardErrors: invDiag.map(Math.sqrt),
    covariance,
    fitted: mu,
    deviance: dev,
    nullDeviance: poissonDeviance(y, nullMu),
    dfResidual: n - p,
    dfNull: n - 1,
    aic: -2 * logLik + 2 * p,
    dispersion: pearson / (n - p),
    iterations: it,
    converged,
  };
}
