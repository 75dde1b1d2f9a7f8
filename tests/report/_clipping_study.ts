/**
 * A synthetic clipping study (as `experiments/clipping.jsonc` sweeps it): rnn and lstm × learning
 * rates 2 and 4 × seeds 1 and 2 × clip none / norm 1 / norm 5 / norm 10. At lr 4 the unclipped rnn
 * diverges with an exploding gradient (×40) and every clipped rnn finishes; at lr 2 the unclipped
 * rnn diverges without a spike (×2.5, the step size blew up) and so do its clipped runs; the lstm
 * is calm everywhere. `failing` makes the named runs diverge instead.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";

const CLIPS = [
  { mode: "none", threshold: 5 },
  { mode: "norm", threshold: 1 },
  { mode: "norm", threshold: 5 },
  { mode: "norm", threshold: 10 },
];

/** The run id of one point of the study. */
export function studyId(cell: string, lr: number, clip: string, seed: number): string {
  return `${cell}-lr=${lr}-clip-${clip.replace(" ", "")}-seed=${seed}`;
}

/** The study's summary; the runs whose ids are in `failing` diverge at step 7. */
export function clippingStudy(failing: string[] = []): ExperimentSummary {
  const runs: RunSummary[] = [];
  for (const lr of [2, 4]) {
    for (const seed of [1, 2]) {
      for (const cell of ["rnn", "lstm"]) {
        for (const clip of CLIPS) {
          const label = clip.mode === "none" ? "none" : `${clip.mode}${clip.threshold}`;
          const id = studyId(cell, lr, label, seed);
          const unclipped = clip.mode === "none";
          const rnn = cell === "rnn";
          // rnn: lr 4 unclipped explodes; lr 2 diverges (all clip settings) without a spike.
          let diverged = rnn && (lr === 2 || unclipped);
          let max = rnn && lr === 4 && unclipped ? 80 : rnn ? 5 : 3 + seed * 0.1;
          if (failing.includes(id)) {
            diverged = true;
            max = 60;
          }
          runs.push({
            id,
            cell,
            hidden: 128,
            layers: 1,
            embedding: 32,
            params: 1000,
            recurrentParams: rnn ? 20736 : 82944,
            status: diverged ? "diverged" : "finished",
            steps: diverged ? 7 : 400,
            charsSeen: 1000,
            valLoss: diverged ? null : rnn ? 2.5 : 2.2,
            valBpc: null,
            valPpl: null,
            trainLoss: null,
            charsPerSec: 1000,
            clipRate: unclipped ? 0 : 0.25,
            gradNorm: { median: 2, max },
            wallSeconds: 1,
            clip,
            optimizer: "sgd",
            learningRate: lr,
            seed,
            backend: "wasm",
            implementation: "fused",
            evals: [],
            samples: [],
          });
        }
      }
    }
  }
  return {
    experiment: "clipping",
    description: "",
    task: "charlm",
    createdAt: "",
    quick: false,
    runs,
  };
}
