/**
 * Dense symmetric positive-definite solve in float64 (Cholesky), for the least-squares baselines.
 * @module
 */

/**
 * Solve `A·X = B` for symmetric positive-definite `A` (`n×n`, row-major) and `B` (`n×m`).
 * Returns X (`n×m`, row-major). Throws if A is not positive definite.
 */
export function choleskySolve(
  a: Float64Array,
  b: Float64Array,
  n: number,
  m: number,
): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) {
          throw new Error("least squares: normal equations are not positive definite");
        }
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) { // forward: L·z = b
      let sum = x[i * m + c];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k * m + c];
      x[i * m + c] = sum / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) { // backward: Lᵀ·x = z
      let sum = x[i * m + c];
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k * m + c];
      x[i * m + c] = sum / l[i * n + i];
    }
  }
  return x;
}
