import { assert, assertStringIncludes } from "@std/assert";
import { reportMarkdown } from "../../src/report/markdown.ts";
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";

function run(id: string, cell: string, valBpc: number | null, extra: Partial<RunSummary> = {}) {
  return {
    id,
    cell,
    hidden: 128,
    layers: 1,
    embedding: 32,
    params: 1000,
    recurrentParams: cell === "lstm" ? 4000 : 1000,
    status: valBpc === null ? "diverged" : "finished",
    steps: 10,
    charsSeen: 100,
    valLoss: valBpc === null ? null : valBpc * Math.LN2,
    valBpc,
    valPpl: null,
    trainLoss: 1,
    charsPerSec: 1000,
    clipRate: 0.5,
    gradNorm: { median: 1, max: 2 },
    wallSeconds: 1,
    clip: { mode: "norm", threshold: 5 },
    optimizer: "adam",
    learningRate: 0.002,
    backend: "wasm",
    implementation: "fused",
    evals: [],
    samples: [],
    ...extra,
  } as RunSummary;
}
const summary = (runs: RunSummary[]): ExperimentSummary => ({
  experiment: "t",
  description: "",
  task: "charlm",
  createdAt: "now",
  quick: false,
  runs,
});

Deno.test("report: one seed → the difference is stated with no verdict; params ratio 4.00 n", () => {
  const md = reportMarkdown(summary([run("rnn", "rnn", 2.5), run("lstm", "lstm", 2.0)]));
  assertStringIncludes(md, "rnn − lstm, val bpc: 0.500 (one seed): inconclusive (one seed");
  assertStringIncludes(md, "= 4.00 n");
});

Deno.test("report: 3 seeds → paired 95 % intervals; a difference inside the noise is inconclusive", () => {
  const seeds = (rnn: number[], lstm: number[]) =>
    summary([
      ...rnn.map((bpc, i) => run(`rnn-seed=${i + 1}`, "rnn", bpc, { testBpc: bpc })),
      ...lstm.map((bpc, i) => run(`lstm-seed=${i + 1}`, "lstm", bpc, { testBpc: bpc })),
    ]);
  const better = reportMarkdown(seeds([2.5, 2.6, 2.55], [2.3, 2.42, 2.33]));
  assertStringIncludes(better, "rnn − lstm, test bpc: 0.200 ± ");
  assertStringIncludes(better, "95 % CI");
  assertStringIncludes(better, "lstm is lower.");
  const noise = reportMarkdown(seeds([2.5, 2.3, 2.55], [2.3, 2.42, 2.5]));
  assertStringIncludes(noise, "inconclusive (within seed noise)");
  assert(!noise.includes("lstm is lower") && !noise.includes("rnn is lower"));
});

Deno.test("report: a diverged run says so and has no winner claim", () => {
  const md = reportMarkdown(summary([run("rnn", "rnn", null, { reason: "loss is NaN" })]));
  assertStringIncludes(md, "**rnn diverged**: loss is NaN");
  assertStringIncludes(md, "No run finished");
});

Deno.test("report states the init: one setup line, n/a without a forget gate, a column when it varies", () => {
  const init = (forgetBias: number | null, initScheme = "uniform") => ({ initScheme, forgetBias });
  const same = reportMarkdown(summary([
    run("lstm", "lstm", 2.5, init(0)),
    run("rnn", "rnn", 2.6, init(null)),
    run("gru", "gru", 2.4, init(null)),
  ]));
  assertStringIncludes(
    same,
    "Init: `uniform`; forget-gate bias 0 (lstm); forget-gate bias n/a for rnn, gru (no forget gate).",
  );
  // Text runs always show their init in the run table.
  assertStringIncludes(same, "| lstm | lstm | uniform, forget bias 0 | 128 |");

  const varied = reportMarkdown(summary([
    run("lstm-fb0", "lstm", 2.5, init(0)),
    run("lstm-fb1", "lstm", 2.6, init(1)),
    run("rnn", "rnn", 2.6, init(null)),
  ]));
  assertStringIncludes(varied, "Init: varies by run");
  assertStringIncludes(varied, "| run | cell | init | hidden |");
  assertStringIncludes(varied, "| lstm-fb1 | lstm | uniform, forget bias 1 | 128 |");
  assertStringIncludes(varied, "| rnn | rnn | uniform, forget bias n/a | 128 |");
});

Deno.test("report states what the scored evaluation covers: whole splits, or evaluation.batches", () => {
  const protocol = (scoredBatches?: { val: number; test: number }) => ({
    scoredCheckpoint: "best",
    protocol: {
      unknownChars: "own-id",
      resetOnWrap: true,
      evalBatches: { periodic: 4, val: 58 },
      testBatches: 58,
      ...(scoredBatches ? { scoredBatches } : {}),
    },
  } as Partial<RunSummary>);
  const whole = reportMarkdown(summary([run("rnn", "rnn", 2.6, protocol())]));
  assertStringIncludes(whole, "val and test numbers are over the whole splits, each evaluation");
  const partial = reportMarkdown(summary([
    run("rnn", "rnn", 2.6, protocol({ val: 8, test: 8 })),
    run("lstm", "lstm", 2.5, protocol({ val: 8, test: 8 })),
  ]));
  assertStringIncludes(
    partial,
    "val and test numbers are over the first 8 batches of the validation split and the first " +
      "8 batches of the test split (`evaluation.batches`; 0 = the whole splits), each evaluation",
  );
  assert(!partial.includes("over the whole splits"));
});
