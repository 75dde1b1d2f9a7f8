/**
 * The training loop, read top to bottom: step, guard, eval, sample, flush. It drives any
 * {@link Task} and writes what it measured through a {@link RunSink}.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Task } from "../tasks/task.ts";
import type { RunSink } from "../metrics/sink.ts";
import { maxOf, median } from "../metrics/stats.ts";
import { createOptimizer, type OptimizerName } from "./optimizers.ts";
import { type ClipSpec, trainStep } from "./step.ts";
import { DivergenceGuard } from "./guard.ts";
import type { Progress } from "../cli/_progress.ts";

/** The training settings the loop needs. */
export interface LoopSpec {
  steps: number;
  optimizer: OptimizerName;
  learningRate: number;
  clip: ClipSpec;
  evalInterval: number;
  sampleInterval: number;
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
}

/** Set `interrupted` to stop after the current step (SIGINT/SIGTERM). */
export interface LoopControl {
  interrupted: boolean;
}

/** Train `task` for `spec.steps` steps. Never throws for divergence; rethrows crashes. */
export function runLoop(
  task: Task,
  spec: LoopSpec,
  sink: RunSink,
  progress: Progress,
  control: LoopControl,
): LoopOutcome {
  const optimizer = createOptimizer(spec.optimizer, spec.learningRate);
  const guard = new DivergenceGuard();
  const started = performance.now();
  let trainMs = 0;
  let intervalMs = 0;
  let intervalSteps = 0;
  const norms: number[] = [];
  let clippedSteps = 0;
  let trainLoss: number | null = null;
  const outcome: LoopOutcome = {
    status: "finished",
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
  };
  try {
    for (let step = 1; step <= spec.steps; step++) {
      const isEval = step % spec.evalInterval === 0 || step === spec.steps;
      const t0 = performance.now();
      const result = trainStep(task, optimizer, spec.clip, { groupNorms: isEval });
      const dt = performance.now() - t0;
      trainMs += dt;
      intervalMs += dt;
      intervalSteps++;
      outcome.steps = step;
      outcome.itemsSeen += task.itemsPerStep;
      norms.push(result.gradNorm);
      if (result.clipped) clippedSteps++;
      trainLoss = result.loss;
      const row: Record<string, number | boolean> = {
        step,
        trainLoss: result.loss,
        gradNorm: result.gradNorm,
        gradNormClipped: result.clippedNorm,
        clipped: result.clipped,
      };
      const diverged = guard.check(result.loss);
      if (diverged) {
        sink.metric({ ...row, step });
        outcome.status = "diverged";
        outcome.reason = `step ${step}: ${diverged}`;
        break;
      }
      if (isEval) {
        const metrics = tf.tidy(() => task.evaluate());
        const itemsPerSec = (intervalSteps * task.itemsPerStep) / (intervalMs / 1000);
        const memory = tf.memory();
        Object.assign(row, metrics, {
          charsPerSec: itemsPerSec,
          wallSeconds: (performance.now() - started) / 1000,
          liveTensors: memory.numTensors,
          liveBytes: memory.numBytes,
        });
        outcome.lastEval = metrics;
        outcome.evals.push({ step, ...metrics });
        sink.event({ type: "eval", step, ...metrics, groupNorms: result.groupNorms });
        intervalMs = 0;
        intervalSteps = 0;
      }
      sink.metric({ ...row, step });
      if (task.sample && (step % spec.sampleInterval === 0 || step === spec.steps)) {
        const sample = task.sample();
        outcome.samples.push({ step, ...sample });
        sink.sample(step, sample.text, sample.quality);
        sink.event({ type: "sample", step, ...sample });
      }
      if (isEval) sink.flush();
      progress.update(step, `loss ${result.loss.toFixed(3)}`);
      if (control.interrupted && step < spec.steps) {
        outcome.status = "interrupted";
        outcome.reason = `interrupted after step ${step}`;
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  outcome.trainLoss = trainLoss;
  outcome.gradNorm = { median: median(norms), max: maxOf(norms) };
  outcome.clipRate = norms.length ? clippedSteps / norms.length : null;
  outcome.itemsPerSec = trainMs > 0 ? (outcome.itemsSeen / trainMs) * 1000 : null;
  outcome.wallSeconds = (performance.now() - started) / 1000;
  sink.event({
    type: "status",
    step: outcome.steps,
    status: outcome.status,
    reason: outcome.reason,
  });
  sink.flush();
  return outcome;
}
