/**
 * Scalar activations to float32 accuracy for the fused cells' JS paths (cpu backend, odd tails);
 * `_simd.ts` evaluates the same approximation four lanes at a time.
 * @module
 */

const TANH_CLAMP = 7.90531110763549805;

/**
 * tanh to float32 accuracy (|error| ≤ 3e-7) as a 13/6 rational function, as Eigen and XNNPACK do
 * it: ≈ 4× faster in JS than `Math.tanh`/`Math.exp`, which dominate the element-wise work.
 */
export function tanh(x: number): number {
  if (x > TANH_CLAMP) x = TANH_CLAMP;
  else if (x < -TANH_CLAMP) x = -TANH_CLAMP;
  const x2 = x * x;
  let p = -2.76076847742355e-16;
  p = p * x2 + 2.00018790482477e-13;
  p = p * x2 - 8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-08;
  p = p * x2 + 1.48572235717979e-05;
  p = p * x2 + 6.37261928875436e-04;
  p = p * x2 + 4.89352455891786e-03;
  let q = 1.19825839466702e-06;
  q = q * x2 + 1.18534705686654e-04;
  q = q * x2 + 2.26843463243900e-03;
  q = q * x2 + 4.89352518554385e-03;
  return (p * x) / q;
}

/** Logistic sigmoid to float32 accuracy: `½ + ½·tanh(x/2)`. */
export function sigmoid(x: number): number {
  return 0.5 + 0.5 * tanh(0.5 * x);
}
