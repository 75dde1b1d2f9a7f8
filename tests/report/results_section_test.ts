import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { notBeating, resultsSection } from "../../src/report/results_section.ts";
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";
import type { TextBaseline } from "../../src/tasks/prepared.ts";

const run = (id: string, cell: string, testBpc: number, fields: Partial<RunSummary> = {}) =>
  ({
    id,
    cell,
    hidden: cell === "rnn" && id.includes("h272") ? 272 : 128,
    embedding: 32,
    layers: 1,
    recurrentParams: cell === "lstm" ? 82432 : 20608,
    status: "finished",
    steps: 100,
    charsSeen: 204800,
    valBpc: testBpc + 0.01,
    testBpc,
    evals: [],
    ...fields,
  }) as unknown as RunSummary;

const summary = (runs: RunSummary[], baselines: TextBaseline[] = []): ExperimentSummary => ({
  experiment: "lstm-vs-rnn",
  description: "",
  task: "charlm",
  createdAt: "",
  quick: false,
  runs,
  baselines,
});

const ngram: TextBaseline = {
  id: "ngram-5",
  kind: "baseline",
  corpus: "moby-dick",
  order: 5,
  valBpc: 2.3,
  testBpc: 2.28,
  seconds: 2,
};

Deno.test("result: 3 seeds give intervals; the LSTM wins only where the interval excludes 0", () => {
  const md = resultsSection(summary([
    run("rnn-h128-seed=1", "rnn", 2.50),
    run("rnn-h128-seed=2", "rnn", 2.56),
    run("rnn-h128-seed=3", "rnn", 2.52),
    run("lstm-h128-seed=1", "lstm", 2.40),
    run("lstm-h128-seed=2", "lstm", 2.45),
    run("lstm-h128-seed=3", "lstm", 2.43),
    run("rnn-h272-seed=1", "rnn", 2.40),
    run("rnn-h272-seed=2", "rnn", 2.46),
    run("rnn-h272-seed=3", "rnn", 2.39),
  ], [ngram]));
  assertStringIncludes(md, "| lstm-h128 | 3/3 | 2.427 ± ");
  assertStringIncludes(md, "Lowest mean test bpc: **rnn-h272**.");
  assertStringIncludes(md, "At equal width (hidden 128): rnn-h128 − lstm-h128, test bpc: 0.100 ± ");
  assertStringIncludes(md, "3 paired seeds): lstm-h128 is lower.");
  assertStringIncludes(
    md,
    "At about equal recurrent parameters (20608 vs 82432): rnn-h272 − lstm-h128, test bpc: ",
  );
  assertStringIncludes(md, "inconclusive (within seed noise).");
  assertStringIncludes(md, "**Not beaten by: rnn-h128-seed=1, rnn-h128-seed=2,");
  assert(!md.includes("One seed per setting"));
});

Deno.test("result: one seed says there is no interval, and no verdict", () => {
  const md = resultsSection(summary([run("rnn", "rnn", 2.5), run("lstm", "lstm", 2.2)]));
  assertStringIncludes(md, "One seed per setting: no interval");
  assertStringIncludes(md, "inconclusive (one seed: its noise is unknown)");
  assertEquals(resultsSection({ ...summary([]), task: "adding" }), "");
});

Deno.test("baseline flag: a run not below the n-gram's score is named", () => {
  const runs = [run("a", "rnn", 2.28), run("b", "lstm", 2.27), run("c", "gru", 2.5)];
  assertEquals(notBeating(runs, ngram), ["a", "c"]);
  const diverged = run("d", "rnn", NaN, { status: "diverged", testBpc: null });
  assertEquals(notBeating([diverged], ngram), []);
});

Deno.test("baselines of two corpora: each run is measured against its own corpus's n-gram", () => {
  const onA = (id: string, bpc: number) => run(id, "rnn", bpc, { corpus: "a" });
  const onB = (id: string, bpc: number) => run(id, "lstm", bpc, { corpus: "b" });
  const baselines = [{ ...ngram, corpus: "a", testBpc: 2.0 }, {
    ...ngram,
    corpus: "b",
    testBpc: 3.0,
  }];
  const runs = [onA("a1", 2.5), onA("a2", 1.9), onB("b1", 2.5), onB("b2", 3.1)];
  assertEquals(notBeating(runs, baselines[0]), ["a1"]);
  assertEquals(notBeating(runs, baselines[1]), ["b2"]);
  const md = resultsSection(summary(runs, baselines));
  assertStringIncludes(md, "Baseline ngram-5 (a) ");
  assertStringIncludes(md, "**Not beaten by: a1.**");
  assertStringIncludes(md, "Baseline ngram-5 (b) ");
  assertStringIncludes(md, "**Not beaten by: b2.**");
});
