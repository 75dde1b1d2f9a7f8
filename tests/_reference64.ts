/**
 * A float64, plain-TypeScript reference of the three cells' forward math (no tfjs), for
 * finite-difference gradient checks. Same layout as rnnlab's cells: `wx` `[E, G·H]`, `wh`
 * `[H, G·H]`, `bx`, `bh` `[G·H]`, gate blocks lstm i, f, g, o and gru r, z, n; `xs` time-major
 * `[T, B, E]`; states `[B, H]`; all row-major.
 * @module
 */
import { type CellKind, GATES } from "../src/models/cell.ts";

/** Inputs of one float64 sequence run. */
export interface Sequence64Input {
  kind: CellKind;
  steps: number;
  batch: number;
  inputSize: number;
  hidden: number;
  wx: Float64Array;
  wh: Float64Array;
  bx: Float64Array;
  bh: Float64Array;
  xs: Float64Array;
  h0: Float64Array;
  /** LSTM only. */
  c0?: Float64Array;
}

/** Outputs: `hs` time-major `[T, B, H]`, final `h` (and `c`) `[B, H]`. */
export interface Sequence64Output {
  hs: Float64Array;
  h: Float64Array;
  c?: Float64Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Run `input.kind` over the whole sequence in float64. */
export function sequence64(input: Sequence64Input): Sequence64Output {
  const { kind, steps, batch, inputSize: E, hidden: H } = input;
  const width = GATES[kind] * H;
  const hs = new Float64Array(steps * batch * H);
  let h = Float64Array.from(input.h0);
  let c = Float64Array.from(input.c0 ?? new Float64Array(batch * H));
  const xPart = new Float64Array(width);
  const hPart = new Float64Array(width);
  for (let t = 0; t < steps; t++) {
    const nextH = new Float64Array(batch * H);
    const nextC = new Float64Array(batch * H);
    for (let b = 0; b < batch; b++) {
      // xPart = x·wx + bx and hPart = h·wh + bh, kept apart for the GRU's n-block.
      for (let j = 0; j < width; j++) {
        let sx = input.bx[j];
        for (let e = 0; e < E; e++) {
          sx += input.xs[(t * batch + b) * E + e] * input.wx[e * width + j];
        }
        let sh = input.bh[j];
        for (let k = 0; k < H; k++) sh += h[b * H + k] * input.wh[k * width + j];
        xPart[j] = sx;
        hPart[j] = sh;
      }
      for (let j = 0; j < H; j++) {
        const at = (gate: number) => xPart[gate * H + j] + hPart[gate * H + j];
        const prev = h[b * H + j];
        let next: number;
        if (kind === "rnn") {
          next = Math.tanh(at(0));
        } else if (kind === "lstm") {
          const cell = sigmoid(at(1)) * c[b * H + j] + sigmoid(at(0)) * Math.tanh(at(2));
          nextC[b * H + j] = cell;
          next = sigmoid(at(3)) * Math.tanh(cell);
        } else {
          const r = sigmoid(at(0));
          const z = sigmoid(at(1));
          const n = Math.tanh(xPart[2 * H + j] + r * hPart[2 * H + j]);
          next = (1 - z) * n + z * prev;
        }
        nextH[b * H + j] = next;
        hs[(t * batch + b) * H + j] = next;
      }
    }
    h = nextH;
    if (kind === "lstm") c = nextC;
  }
  return kind === "lstm" ? { hs, h, c } : { hs, h };
}

/** Σ hs·probe, the scalar loss the gradient checks differentiate. */
export function probeLoss64(input: Sequence64Input, probe: ArrayLike<number>): number {
  const { hs } = sequence64(input);
  let loss = 0;
  for (let i = 0; i < hs.length; i++) loss += hs[i] * probe[i];
  return loss;
}

/**
 * Central difference `(f(v + eps) − f(v − eps)) / 2eps` of `loss` with respect to `values[index]`;
 * `values` is perturbed in place and restored.
 */
export function centralDifference(
  loss: () => number,
  values: Float64Array,
  index: number,
  eps = 1e-6,
): number {
  const original = values[index];
  values[index] = original + eps;
  const plus = loss();
  values[index] = original - eps;
  const minus = loss();
  values[index] = original;
  return (plus - minus) / (2 * eps);
}
