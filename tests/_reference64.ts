/**
 * A float64, plain-TypeScript reference of every cell's forward math (no tfjs), for
 * finite-difference gradient checks. Same layout as rnnlab's cells: `wx` `[E, G·H]`, `wh`
 * `[H, G·H]`, `bx`, `bh` `[G·H]`, gate blocks lstm i, f, g, o and gru r, z, n; `xs` time-major
 * `[T, B, E]`; states `[B, H]`; all row-major.
 * @module
 */
import type { CellKind } from "../src/models/cell.ts";
import { cellOf } from "../src/models/cells/mod.ts";

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
  /** Cells with a `c` state part only. */
  c0?: Float64Array;
}

/** Outputs: `hs` time-major `[T, B, H]`, final `h` (and `c`) `[B, H]`. */
export interface Sequence64Output {
  hs: Float64Array;
  h: Float64Array;
  c?: Float64Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * One unit of one cell step in float64: `x(g)` and `h(g)` are the unit's input and recurrent
 * pre-activations of gate block g (`x·wx + bx`, `h·wh + bh`), `prev` the unit's previous state
 * parts (h first); returns the next state parts. Typed by every cell kind, so a registered cell
 * without its float64 reference does not compile.
 */
type Step64 = (x: (g: number) => number, h: (g: number) => number, prev: number[]) => number[];

const STEPS64: Readonly<Record<CellKind, Step64>> = {
  rnn: (x, h) => [Math.tanh(x(0) + h(0))],
  lstm: (x, h, [, c]) => {
    const at = (g: number) => x(g) + h(g);
    const cell = sigmoid(at(1)) * c + sigmoid(at(0)) * Math.tanh(at(2));
    return [sigmoid(at(3)) * Math.tanh(cell), cell];
  },
  gru: (x, h, [prev]) => {
    const r = sigmoid(x(0) + h(0));
    const z = sigmoid(x(1) + h(1));
    const n = Math.tanh(x(2) + r * h(2));
    return [(1 - z) * n + z * prev];
  },
};

/** Run `input.kind` over the whole sequence in float64. */
export function sequence64(input: Sequence64Input): Sequence64Output {
  const { kind, steps, batch, inputSize: E, hidden: H } = input;
  const cell = cellOf(kind);
  const step64 = STEPS64[kind];
  const width = cell.gates.length * H;
  const parts = cell.state.length;
  const hs = new Float64Array(steps * batch * H);
  let state = [input.h0, input.c0 ?? new Float64Array(batch * H)].slice(0, parts)
    .map((part) => Float64Array.from(part));
  const xPart = new Float64Array(width);
  const hPart = new Float64Array(width);
  for (let t = 0; t < steps; t++) {
    const next = state.map(() => new Float64Array(batch * H));
    for (let b = 0; b < batch; b++) {
      // xPart = x·wx + bx and hPart = h·wh + bh, kept apart for the GRU's n-block.
      for (let j = 0; j < width; j++) {
        let sx = input.bx[j];
        for (let e = 0; e < E; e++) {
          sx += input.xs[(t * batch + b) * E + e] * input.wx[e * width + j];
        }
        let sh = input.bh[j];
        for (let k = 0; k < H; k++) sh += state[0][b * H + k] * input.wh[k * width + j];
        xPart[j] = sx;
        hPart[j] = sh;
      }
      for (let j = 0; j < H; j++) {
        const unit = step64(
          (g) => xPart[g * H + j],
          (g) => hPart[g * H + j],
          state.map((part) => part[b * H + j]),
        );
        unit.forEach((value, p) => (next[p][b * H + j] = value));
        hs[(t * batch + b) * H + j] = unit[0];
      }
    }
    state = next;
  }
  return parts > 1 ? { hs, h: state[0], c: state[1] } : { hs, h: state[0] };
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
