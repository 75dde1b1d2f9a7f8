/**
 * Clipping and the optimiser update as plain loops over the backend's memory (wasm heap or cpu
 * arrays): one pass over all gradients for the global norm, then one pass per parameter that
 * clips, updates the optimiser's slots and the parameter together. It replaces ~15 tfjs ops per
 * variable (each a kernel call and a fresh tensor) with two loops. It keeps the tfjs optimiser's
 * own state (its slot variables, `accBeta1/2`, iteration count) and reads its hyper-parameters
 * from it, so checkpoints save and restore it as before.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { type Buf, FUSED_BACKENDS, workspaceFor } from "../models/fused/mod.ts";
import type { ClipSpec } from "./step.ts";

/** The global norm before and after clipping, and whether clipping changed anything. */
export interface Clipping {
  norm: number;
  clippedNorm: number;
  clipped: boolean;
  /** Gradient element transform: `g · scale`, then clamped into `[−limit, limit]`. */
  scale: number;
  limit: number;
}

interface Slot {
  originalName: string;
  variable: tf.Variable;
}
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
}
interface RmsPropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: Slot[];
  accumulatedMoments: Slot[];
}
interface Iterating {
  incrementIterations(): void;
}

/** Can the fused pass run `optimizer` on the current backend? */
export function fusedUpdateApplies(optimizer: tf.Optimizer): boolean {
  if (!(FUSED_BACKENDS as readonly string[]).includes(tf.getBackend())) return false;
  const kind = kindOf(optimizer);
  return kind === "Adam" || kind === "SGD" ||
    (kind === "RMSProp" && !(optimizer as unknown as RmsPropState).centered);
}

/** tfjs's class name (`instanceof` duck-types: every optimiser is an `AdamOptimizer` to it). */
function kindOf(optimizer: tf.Optimizer): string {
  return optimizer.getClassName();
}

function workspace() {
  return workspaceFor(tf.backend(), tf.getBackend());
}

/** The global L2 norm of `grads` and the clipping `clip` asks for, in one pass. */
export function measureClipping(grads: tf.Tensor[], clip: ClipSpec): Clipping {
  const ws = workspace();
  try {
    let squares = 0, largest = 0, squaresAfter = 0;
    const limit = clip.mode === "value" ? clip.threshold : Infinity;
    for (const g of grads) {
      const buf = ws.input(g), a = ws.array(buf);
      for (let i = buf.off, end = buf.off + g.size; i < end; i++) {
        const x = a[i], clamped = x > limit ? limit : x < -limit ? -limit : x;
        squares += x * x;
        squaresAfter += clamped * clamped;
        const abs = Math.abs(x);
        if (abs > largest || abs !== abs) largest = abs;
      }
    }
    const norm = Math.sqrt(squares);
    if (clip.mode === "norm") {
      const scale = clip.threshold / (norm + 1e-6);
      const clipped = scale < 1;
      return {
        norm,
        clippedNorm: clipped ? norm * scale : norm,
        clipped,
        scale: clipped ? scale : 1,
        limit: Infinity,
      };
    }
    if (clip.mode === "value") {
      return {
        norm,
        clippedNorm: Math.sqrt(squaresAfter),
        clipped: largest > limit,
        scale: 1,
        limit,
      };
    }
    return { norm, clippedNorm: norm, clipped: false, scale: 1, limit: Infinity };
  } finally {
    ws.release();
  }
}

/** A slot variable of `like`'s shape, zero, named as tfjs names it (checkpoints key on the name). */
function slot(slots: Slot[], i: number, name: string, like: tf.Variable): tf.Variable {
  slots[i] ??= { originalName: name, variable: tf.tidy(() => tf.zerosLike(like).variable(false)) };
  return slots[i].variable;
}

/**
 * Apply `optimizer`'s update to `vars` with gradients `grads` transformed by `clipping`, one pass
 * per variable; new values replace the variables' and slots' tensors (tensors are immutable: a
 * clone elsewhere keeps its values).
 */
export function fusedUpdate(
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  grads: tf.Tensor[],
  clipping: Clipping,
): void {
  const { scale, limit } = clipping;
  const clipOf = (x: number) => {
    const y = x * scale;
    return y > limit ? limit : y < -limit ? -limit : y;
  };
  // Fresh outputs first: allocating may grow (and move) the wasm heap.
  const ws = workspace();
  try {
    const replace: [tf.Variable, tf.TensorInfo][] = [];
    const fresh = (v: tf.Variable): Buf => {
      const [info, buf] = ws.output([...v.shape]);
      replace.push([v, info]);
      return buf;
    };
    const kind = kindOf(optimizer);
    if (kind === "Adam") {
      const s = optimizer as unknown as AdamState;
      const acc1 = ws.array(ws.input(s.accBeta1))[ws.input(s.accBeta1).off];
      const acc2 = ws.array(ws.input(s.accBeta2))[ws.input(s.accBeta2).off];
      const { beta1, beta2, epsilon, learningRate } = s;
      const bc1 = 1 - acc1, bc2 = 1 - acc2;
      const jobs = vars.map((v, i) => {
        const m = slot(s.accumulatedFirstMoment, i, `${v.name}/m`, v);
        const w = slot(s.accumulatedSecondMoment, i, `${v.name}/v`, v);
        return [v, grads[i], m, w, fresh(v), fresh(m), fresh(w)] as const;
      });
      for (const [v, g, m, w, pOut, mOut, vOut] of jobs) {
        const [P, G, M, V] = [v, g, m, w].map((t) => ws.input(t));
        const p = ws.array(P), gr = ws.array(G), ma = ws.array(M), va = ws.array(V);
        const po = ws.array(pOut), mo = ws.array(mOut), vo = ws.array(vOut);
        for (let i = 0; i < v.size; i++) {
          const x = clipOf(gr[G.off + i]);
          const mNew = Math.fround(ma[M.off + i] * beta1 + x * (1 - beta1));
          const vNew = Math.fround(va[V.off + i] * beta2 + x * x * (1 - beta2));
          mo[mOut.off + i] = mNew;
          vo[vOut.off + i] = vNew;
          po[pOut.off + i] = p[P.off + i] -
            learningRate * (mNew / bc1) / (Math.sqrt(vNew / bc2) + epsilon);
        }
      }
      // As tfjs does: the running products in float32, times the float32 betas.
      const accs = [[s.accBeta1, acc1 * Math.fround(beta1)], [
        s.accBeta2,
        acc2 * Math.fround(beta2),
      ]];
      for (const [acc, value] of accs as [tf.Variable, number][]) {
        const buf = fresh(acc);
        ws.array(buf)[buf.off] = value;
      }
    } else if (kind === "RMSProp") {
      const s = optimizer as unknown as RmsPropState;
      const { decay, momentum, epsilon, learningRate } = s;
      const jobs = vars.map((v, i) => {
        const ms = slot(s.accumulatedMeanSquares, i, `${v.name}/rms`, v);
        const mom = slot(s.accumulatedMoments, i, `${v.name}/momentum`, v);
        return [v, grads[i], ms, mom, fresh(v), fresh(ms), fresh(mom)] as const;
      });
      for (const [v, g, ms, mom, pOut, msOut, momOut] of jobs) {
        const [P, G, S, Mo] = [v, g, ms, mom].map((t) => ws.input(t));
        const p = ws.array(P), gr = ws.array(G), sa = ws.array(S), moa = ws.array(Mo);
        const po = ws.array(pOut), so = ws.array(msOut), mo = ws.array(momOut);
        for (let i = 0; i < v.size; i++) {
          const x = clipOf(gr[G.off + i]);
          const sNew = Math.fround(sa[S.off + i] * decay + x * x * (1 - decay));
          const mNew = Math.fround(
            moa[Mo.off + i] * momentum + x * learningRate / Math.sqrt(sNew + epsilon),
          );
          so[msOut.off + i] = sNew;
          mo[momOut.off + i] = mNew;
          po[pOut.off + i] = p[P.off + i] - mNew;
        }
      }
    } else {
      const learningRate = (optimizer as unknown as { learningRate: number }).learningRate;
      const jobs = vars.map((v, i) => [v, grads[i], fresh(v)] as const);
      for (const [v, g, pOut] of jobs) {
        const P = ws.input(v), G = ws.input(g);
        const p = ws.array(P), gr = ws.array(G), po = ws.array(pOut);
        for (let i = 0; i < v.size; i++) {
          po[pOut.off + i] = p[P.off + i] - learningRate * clipOf(gr[G.off + i]);
        }
      }
    }
    for (const [v, info] of replace) {
      const t = tf.engine().makeTensorFromTensorInfo(info);
      v.assign(t);
      t.dispose();
    }
  } finally {
    ws.release();
  }
  (optimizer as unknown as Iterating).incrementIterations();
}
