/** Small dense linear algebra for the statistics (row-major matrices). */

/** Lower Cholesky factor, or null when the matrix is not (numerically) positive definite. */
export function cholesky(A: Float64Array, q: number): Float64Array | null {
  const L = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * q + j];
      for (let t = 0; t < j; t++) s -= L[i * q + t] * L[j * q + t];
      if (i === j) {
        if (!(s > 1e-10)) return null;
        L[i * q + i] = Math.sqrt(s);
      } else L[i * q + j] = s / L[j * q + j];
    }
  return L;
}
