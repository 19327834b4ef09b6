/**
 * Nearest neighbours by Mahalanobis distance on standardised features (the CIPFA-style nearest-neighbour model).
 * Features are standardised to mean 0 and SD 1, then whitened by the Cholesky factor of their correlation matrix,
 * so Euclidean distance on the whitened rows equals Mahalanobis distance on the originals.
 * Collinear features (a singular correlation matrix) are dropped in turn until it is positive definite.
 */
import { cholesky } from './linalg.js';
export interface PeerMatch {
  unit: number;
  peer: number;
  rank: number;
  distance: number;
}

/**
 * rows[i][f]: unit i's value of feature f. Returns, for each unit (or only for `units`), its k nearest other units;
 * the standardisation and whitening always use every row.
 */
export function nearestPeers(
  rows: ReadonlyArray<ArrayLike<number>>,
  k: number,
  units?: readonly number[],
): PeerMatch[] {
  const n = rows.length;
  if (!(k >= 1)) throw new RangeError(`k must be ≥ 1, got ${k}`);
  if (n < 2) return [];
  const p = rows[0].length;
  // standardise
  const X = new Float64Array(n * p);
  const keep: number[] = [];
  for (let f = 0; f < p; f++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rows[i][f];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (rows[i][f] - mean) ** 2;
    const sd = Math.sqrt(ss / (n - 1));
    if (!(sd > 0)) continue; // a constant feature carries no information
    keep.push(f);
    for (let i = 0; i < n; i++) X[i * p + f] = (rows[i][f] - mean) / sd;
  }
  let features = keep;
  let Lc: Float64Array | null = null;
  while (features.length > 0) {
    Lc = cholesky(correlation(X, n, p, features), features.length);
    if (Lc) break;
    features = features.slice(0, -1);
  }
  const q = features.length;
  // whiten: solve L w = x for each row
  const W = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) {
      let s = X[i * p + features[a]];
      for (let b = 0; b < a; b++) s -= Lc![a * q + b] * W[i * q + b];
      W[i * q + a] = s / Lc![a * q + a];
    }
  }
  const kk = Math.min(k, n - 1);
  const out: PeerMatch[] = [];
  const dist = new Float64Array(n);
  const order = new Uint32Array(n);
  for (const i of units ?? Array.from({ length: n }, (_, u) => u)) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let a = 0; a < q; a++) {
        const d = W[i * q + a] - W[j * q + a];
        s += d * d;
      }
      dist[j] = j === i ? Infinity : s;
      order[j] = j;
    }
    const sorted = Array.from(order).sort((a, b) => dist[a] - dist[b] || a - b);
    for (let r = 0; r < kk; r++)
      out.push({ unit: i, peer: sorted[r], rank: r + 1, distance: Math.sqrt(dist[sorted[r]]) });
  }
  return out;
}

function correlation(X: Float64Array, n: number, p: number, features: number[]): Float64Array {
  const q = features.length;
  const C = new Float64Array(q * q);
  for (let a = 0; a < q; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[i * p + features[a]] * X[i * p + features[b]];
      C[a * q + b] = C[b * q + a] = s / (n - 1);
    }
  return C;
}
