/**
 * The training loop, read top to bottom: step, guard, eval, sample, flush. It drives any
 * {@link Task} and writes what it measured through a {@link RunSink}.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Task } from "../tasks/task.ts";
import type { MetricRow, RunSink } from "../metrics/sink.ts";
import { maxOf, median } from "../metrics/stats.ts";
import { createOptimizer, type OptimizerName } from "./optimizers.ts";
import { type ClipSpec, trainStep } from "./step.ts";
import { DivergenceGuard } from "./guard.ts";
import { decayWeights } from "./weight_decay.ts";

/** The training settings the loop needs. */
export interface LoopSpec {
  steps: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** Adam's ε (`training.adam.epsilon`). */
  adam: { epsilon: number };
  clip: ClipSpec;
  evalInterval: number;
  sampleInterval: number;
  /** Stop after `patience` evals without a new lowest validation loss (0 or absent: never). */
  earlyStopping?: { patience: number };
  /** Decoupled weight decay λ on weight matrices (0 or absent: none). */
  weightDecay?: number;
  /**
   * Which weights {@link Task.evaluateScored} scores (`evaluation.checkpoint`): `best`, those of
   * the eval with the lowest validation loss; `last`, the final ones.
   */
  scoredCheckpoint: "best" | "last";
}

/** The scored checkpoint of a finished run and what {@link Task.evaluateScored} measured there. */
export interface ScoredCheckpoint {
  checkpoint: "best" | "last";
  /** Step whose weights were scored. */
  step: number;
  metrics: Record<string, number>;
}

/**
 * Where the loop reports its progress after each step; the display lives above train/ (the
 * experiment layer's progress lines), so the loop only knows this seam.
 */
export interface ProgressReporter {
  /** `step` of the run's steps is done; `note` is e.g. the current loss. */
  update(step: number, note: string): void;
}

/** How a run ended. */
export type RunStatus = "finished" | "diverged" | "interrupted" | "failed";

/** What the loop measured over a whole run. */
export interface LoopOutcome {
  status: RunStatus;
  reason?: string;
  steps: number;
  itemsSeen: number;
  trainLoss: number | null;
  lastEval: Record<string, number> | null;
  evals: ({ step: number } & Record<string, number>)[];
  samples: { step: number; text: string; quality: number }[];
  gradNorm: { median: number | null; max: number | null };
  clipRate: number | null;
  itemsPerSec: number | null;
  wallSeconds: number;
  /** Null unless the run finished and its task scores runs (see {@link Task.evaluateScored}). */
  scored: ScoredCheckpoint | null;
}

/** Set `interrupted` to stop after the current step (SIGINT/SIGTERM). */
export interface LoopControl {
  interrupted: boolean;
}

/** What the loop has accumulated after `step` steps: enough to continue a run exactly. */
export interface LoopState {
  step: number;
  itemsSeen: number;
  trainLoss: number | null;
  /** Gradient norm of every step so far (the summary's median and max). */
  norms: number[];
  clippedSteps: number;
  evals: LoopOutcome["evals"];
  samples: LoopOutcome["samples"];
  lastEval: LoopOutcome["lastEval"];
  /** The divergence guard's first loss. */
  firstLoss: number | null;
  /** Lowest validation loss so far (the `best` checkpoint's). */
  bestValLoss: number | null;
  /** Step of that eval (absent in checkpoints written before it was recorded). */
  bestStep?: number | null;
  trainMs: number;
  wallSeconds: number;
}

/** Checkpoint hooks of a run (implemented in `resume.ts`). */
export interface LoopCheckpoints {
  /** Steps between `last` checkpoints; 0 = only at the end (and when interrupted). */
  interval: number;
  /** Continue from this state; `restore` loads the task's and optimiser's state. */
  resume?: { state: LoopState; restore(task: Task, optimizer: tf.Optimizer): Promise<void> };
  /**
   * Load the weights of the `best` checkpoint, written at `step`, into `task` (when the run resumed
   * after its best eval, whose weights the loop no longer holds); false when there is none.
   */
  restoreBest?(task: Task, step: number): Promise<boolean>;
  /** Write a checkpoint of the state after `state.step`. */
  save(
    kind: "last" | "best",
    status: "running" | "finished" | "interrupted",
    state: LoopState,
    task: Task,
    optimizer: tf.Optimizer,
  ): Promise<void>;
}

/** An outcome with nothing measured yet (a run that has not started, or crashed at once). */
export function emptyOutcome(status: RunStatus, reason?: string): LoopOutcome {
  return {
    status,
    ...(reason ? { reason } : {}),
    steps: 0,
    itemsSeen: 0,
    trainLoss: null,
    lastEval: null,
    evals: [],
    samples: [],
    gradNorm: { median: null, max: null },
    clipRate: null,
    itemsPerSec: null,
    wallSeconds: 0,
    scored: null,
  };
}

/**
 * Train `task` for `spec.steps` steps. Never throws for divergence; rethrows crashes. Yields to the
 * event loop every ~50 ms so SIGINT/SIGTERM handlers can set `control.interrupted`.
 */
export async function runLoop(
  task: Task,
  spec: LoopSpec,
  sink: RunSink,
  progress: ProgressReporter,
  control: LoopControl,
  checkpoints?: LoopCheckpoints,
): Promise<LoopOutcome> {
  const optimizer = createOptimizer(spec.optimizer, spec.learningRate, {
    adamEpsilon: spec.adam.epsilon,
  });
  const guard = new DivergenceGuard();
  const started = performance.now();
  let trainMs = 0;
  let intervalMs = 0;
  let intervalSteps = 0;
  const norms: number[] = [];
  let clippedSteps = 0;
  let trainLoss: number | null = null;
  let bestValLoss: number | null = null;
  let bestStep: number | null = null;
  const scoredCheckpoint = spec.scoredCheckpoint;
  // The best eval's weights, kept in memory for the scored evaluation at the end.
  let bestWeights: Map<string, tf.Tensor> | null = null;
  let priorWallSeconds = 0;
  let lastYield = performance.now();
  const outcome = emptyOutcome("finished");
  const patience = spec.earlyStopping?.patience ?? 0;
  const decay = (spec.weightDecay ?? 0) * spec.learningRate;
  let evalsSinceBest = 0;
  const resumed = checkpoints?.resume?.state;
  if (resumed) {
    ({ trainMs, clippedSteps, trainLoss, bestValLoss } = resumed);
    const bestAt = resumed.evals.findLastIndex((e) => e.valLoss === bestValLoss);
    evalsSinceBest = resumed.evals.length - 1 - bestAt;
    bestStep = resumed.bestStep ?? null;
    norms.push(...resumed.norms);
    guard.firstLoss = resumed.firstLoss;
    priorWallSeconds = resumed.wallSeconds;
    Object.assign(outcome, {
      steps: resumed.step,
      itemsSeen: resumed.itemsSeen,
      lastEval: resumed.lastEval,
      evals: [...resumed.evals],
      samples: [...resumed.samples],
    });
  }
  const loopState = (): LoopState => ({
    step: outcome.steps,
    itemsSeen: outcome.itemsSeen,
    trainLoss,
    norms,
    clippedSteps,
    evals: outcome.evals,
    samples: outcome.samples,
    lastEval: outcome.lastEval,
    firstLoss: guard.firstLoss,
    bestValLoss,
    bestStep,
    trainMs,
    wallSeconds: priorWallSeconds + (performance.now() - started) / 1000,
  });
  try {
    if (resumed) await checkpoints!.resume!.restore(task, optimizer);
    for (let step = (resumed?.step ?? 0) + 1; step <= spec.steps; step++) {
      let newBest = false;
      const isEval = step % spec.evalInterval === 0 || step === spec.steps;
      const t0 = performance.now();
      const result = await trainStep(task, optimizer, spec.clip, { groupNorms: isEval });
      if (decay > 0) decayWeights(task.variables, decay);
      const dt = performance.now() - t0;
      trainMs += dt;
      intervalMs += dt;
      intervalSteps++;
      outcome.steps = step;
      outcome.itemsSeen += task.itemsPerStep;
      norms.push(result.gradNorm);
      if (result.clipped) clippedSteps++;
      trainLoss = result.loss;
      const row: Record<string, number | boolean> & { step: number } = {
        step,
        trainLoss: result.loss,
        gradNorm: result.gradNorm,
        gradNormClipped: result.clippedNorm,
        clipped: result.clipped,
      };
      const diverged = guard.check(result.loss);
      if (diverged) {
        sink.metric(row as MetricRow);
        outcome.status = "diverged";
        outcome.reason = `step ${step}: ${diverged}`;
        break;
      }
      if (isEval) {
        const metrics = await task.evaluate();
        const itemsPerSec = (intervalSteps * task.itemsPerStep) / (intervalMs / 1000);
        const memory = tf.memory();
        Object.assign(row, metrics, {
          charsPerSec: itemsPerSec,
          wallSeconds: priorWallSeconds + (performance.now() - started) / 1000,
          liveTensors: memory.numTensors,
          liveBytes: memory.numBytes,
        });
        outcome.lastEval = metrics;
        outcome.evals.push({ step, ...metrics });
        if (Number.isFinite(metrics.valLoss) && !(metrics.valLoss >= (bestValLoss ?? Infinity))) {
          bestValLoss = metrics.valLoss;
          bestStep = step;
          newBest = true;
          if (scoredCheckpoint === "best" && task.evaluateScored) {
            if (bestWeights) tf.dispose([...bestWeights.values()]);
            bestWeights = new Map([...task.variables].map(([name, v]) => [name, tf.clone(v)]));
          }
        }
        evalsSinceBest = newBest ? 0 : evalsSinceBest + 1;
        const diagnostics = await task.onEval?.(step, result.groupNorms);
        sink.event({
          type: "eval",
          step,
          ...metrics,
          groupNorms: result.groupNorms,
          ...diagnostics,
        });
        intervalMs = 0;
        intervalSteps = 0;
      }
      sink.metric(row as MetricRow);
      if (task.sample && (step % spec.sampleInterval === 0 || step === spec.steps)) {
        const sample = await task.sample();
        outcome.samples.push({ step, ...sample });
        sink.sample(step, sample.text, sample.quality);
        sink.event({ type: "sample", step, ...sample });
      }
      if (isEval) sink.flush();
      progress.update(step, `loss ${result.loss.toFixed(3)}`);
      if (performance.now() - lastYield > 50) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      const stopping = control.interrupted && step < spec.steps;
      const earlyStop = isEval && patience > 0 && evalsSinceBest >= patience && step < spec.steps;
      if (checkpoints) {
        const last = step === spec.steps || earlyStop;
        const due = checkpoints.interval > 0 && step % checkpoints.interval === 0;
        // Rows reach the disk before the checkpoint, so a resume never lacks a step's row.
        if (newBest || due || last || stopping) sink.flush();
        if (newBest) await checkpoints.save("best", "running", loopState(), task, optimizer);
        if (due || last || stopping) {
          const status = last ? "finished" : stopping ? "interrupted" : "running";
          await checkpoints.save("last", status, loopState(), task, optimizer);
        }
      }
      if (stopping) {
        outcome.status = "interrupted";
        outcome.reason = `interrupted after step ${step}`;
        break;
      }
      if (earlyStop) {
        outcome.reason =
          `early stop at step ${step}: no lower validation loss in ${patience} evals`;
        break;
      }
    }
    if (outcome.status === "finished" && task.evaluateScored) {
      const step = scoredCheckpoint === "best" ? bestStep : outcome.steps;
      const held = bestWeights as Map<string, tf.Tensor> | null;
      let loaded = scoredCheckpoint === "last";
      if (!loaded && held) {
        for (const [name, v] of task.variables) v.assign(held.get(name)!);
        loaded = true;
      } else if (!loaded && step !== null) {
        loaded = (await checkpoints?.restoreBest?.(task, step)) ?? false;
      }
      if (loaded && step !== null) {
        const metrics = await task.evaluateScored({ checkpoint: scoredCheckpoint, step });
        outcome.scored = { checkpoint: scoredCheckpoint, step, metrics };
        sink.event({ type: "scored", step, checkpoint: scoredCheckpoint, ...metrics });
      }
    }
  } finally {
    optimizer.dispose();
    if (bestWeights) tf.dispose([...(bestWeights as Map<string, tf.Tensor>).values()]);
  }
  outcome.trainLoss = trainLoss;
  outcome.gradNorm = { median: median(norms), max: maxOf(norms) };
  outcome.clipRate = norms.length ? clippedSteps / norms.length : null;
  outcome.itemsPerSec = trainMs > 0 ? (outcome.itemsSeen / trainMs) * 1000 : null;
  outcome.wallSeconds = priorWallSeconds + (performance.now() - started) / 1000;
  sink.event({
    type: "status",
    step: outcome.steps,
    status: outcome.status,
    reason: outcome.reason,
  });
  sink.flush();
  return outcome;
}
