/**
 * The Cell seam. A cell kind is one module in `cells/` (listed in `cells/mod.ts`) that declares a
 * {@link Cell}: its gates, its state parts, its bias init hook, its step in tfjs ops and its fused
 * forward and backward passes. Every implementation of a sequence (the op-by-op reference, the
 * fused kernels) runs it behind one signature, {@link SequenceFn}, so the model and the trainer
 * never know which cell or implementation they hold.
 *
 * Parameters follow PyTorch's convention, transposed for row-major matMuls:
 * `wx` = W_ihᵀ `[inputSize, G·H]`, `wh` = W_hhᵀ `[H, G·H]`, `bx` = b_ih `[G·H]`, `bh` = b_hh `[G·H]`,
 * gate blocks in the cell's `gates` order (PyTorch's: lstm i, f, g, o; gru r, z, n). Every kind has
 * both biases, so at equal sizes a cell's recurrent-layer parameters are exactly G× an RNN's.
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { CellName } from "../config/common.ts";
import type { Workspace } from "./fused/workspace.ts";
import type { BackwardIo, ForwardIo } from "./fused/workspace.ts";

/** The cell kinds rnnlab knows (the registry `cells/mod.ts` holds exactly these). */
export type CellKind = CellName;

/** A cell layer's trainable weights (see the module doc for shapes and layout). */
export interface CellWeights {
  wx: tf.Variable;
  wh: tf.Variable;
  bx: tf.Variable;
  bh: tf.Variable;
}

/** Recurrent state, each `[B, H]`, in the order of the cell's `state` parts (`h` first). */
export type CellState = tf.Tensor2D[];

/** What a layer returns for one sequence. */
export interface SequenceOutput {
  /** Hidden state at every step, time-major `[T, B, H]`. */
  hs: tf.Tensor3D;
  /** State after the last step (same layout as the input state). */
  state: CellState;
}

/**
 * One implementation of a cell kind's sequence computation. Must be differentiable with respect to
 * `xs`, `state` and the weights (by tfjs ops, or by a registered kernel gradient / `tf.customGrad`).
 * `xs` is time-major `[T, B, inputSize]`.
 */
export type SequenceFn = (
  kind: CellKind,
  weights: CellWeights,
  xs: tf.Tensor3D,
  state: CellState,
) => SequenceOutput;

/** What one reference step returns: the new state (`h` first) and the gate activations by name. */
export interface StepOutput {
  state: CellState;
  /** Activations the probes may read, by gate name, each `[B, H]`. */
  gates: Record<string, tf.Tensor2D>;
}

/** Everything about one cell kind. */
export interface Cell {
  kind: CellKind;
  /** Gate blocks of the weights, in order: G = `gates.length`. */
  gates: readonly string[];
  /** State parts, `h` first: `["h"]` or `["h", "c"]` (the fused kernels carry at most these two). */
  state: readonly ("h" | "c")[];
  /**
   * Add `forgetBias` to the bias `bx` `[G·H]` of the cell's forget gate; absent for cells without
   * one (then `model.forgetBias` does not apply and the report says "n/a").
   */
  addForgetBias?: (bx: Float32Array, hidden: number, forgetBias: number) => void;
  /**
   * The kind this cell is a variant of (`lstm` for Greff et al. 2015's LSTM variants); absent for
   * a cell that is no variant. Mirrored in config's `CELL_VARIANT_OF`, which the report reads.
   */
  variantOf?: CellKind;
  /**
   * One step in tfjs ops (differentiated by autodiff): `xProj` = `x·wx + bx` and `hProj` =
   * `h·wh + bh`, each `[B, G·H]`, and the previous state. The reference sequence and the probes
   * both run this.
   */
  step(xProj: tf.Tensor2D, hProj: tf.Tensor2D, state: CellState): StepOutput;
  /** What the probes read from {@link StepOutput.gates}. */
  probes: {
    /** Sigmoid-like gates whose saturation the gate statistics report. */
    saturating: readonly string[];
    /** The gate whose mean is the share of the old state kept (lstm f, gru z), or null. */
    keep: string | null;
  };
  /** The fused passes on a workspace (see `fused/workspace.ts`). */
  fused: {
    /** Cache floats per `[t, b]` row in units of H (0: backward needs no cache). */
    cacheWidth: number;
    /** Fills `hs`, `hT` (and `cT`), `cache`. */
    forward(ws: Workspace, io: ForwardIo): void;
    /** Fills `dxs`, `dh0` (and `dc0`), `dwx`, `dwh`, and adds into `dbx`, `dbh`. */
    backward(ws: Workspace, io: BackwardIo): void;
  };
}
