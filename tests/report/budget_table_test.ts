import { assert, assertEquals, assertMatch } from "@std/assert";
import { budgetTableSection } from "../../src/report/budget_table.ts";
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";

/** A finished run with the facts the table reads. */
function run(
  cell: string,
  layers: number,
  hidden: number,
  params: number,
  corpus: string,
  loss: number,
): RunSummary {
  return {
    id: `${cell}-l${layers}-h${hidden}-${corpus}`,
    cell,
    layers,
    hidden,
    params,
    corpus,
    status: "finished",
    valLoss: loss,
  } as unknown as RunSummary;
}

const summary = (runs: RunSummary[], extra: Record<string, unknown> = {}): ExperimentSummary => ({
  experiment: "k",
  description: "",
  task: "charlm",
  createdAt: "",
  quick: false,
  runs,
  ...extra,
});

Deno.test("budget table: rows cell × layers, columns corpus × budget, nearest LSTM count", () => {
  const runs = [
    run("lstm", 1, 64, 1000, "prose", 1.5),
    run("lstm", 1, 128, 3000, "prose", 1.4),
    run("lstm", 2, 64, 1600, "prose", 1.45),
    run("lstm", 2, 128, 5000, "prose", 1.3),
    run("rnn", 1, 120, 1010, "prose", 1.7),
    run("rnn", 1, 250, 2990, "prose", 1.6),
    run("rnn", 2, 125, 1590, "prose", 1.75),
    run("rnn", 2, 255, 5010, "prose", 1.55),
  ];
  const md = budgetTableSection(summary(runs));
  assertMatch(md, /Validation cross-entropy per character in nats/);
  assertMatch(md, /\| cell \| layers \| prose LSTM-h64 budget \| prose LSTM-h128 budget \|/);
  assertMatch(md, /\| rnn \| 1 \| 1\.700 \| 1\.600 \|/);
  assertMatch(md, /\| rnn \| 2 \| 1\.750 \| 1\.550 \|/);
  assertMatch(md, /\| lstm \| 2 \| 1\.450 \| 1\.300 \|/);
  assert(md.indexOf("| rnn | 1") < md.indexOf("| lstm | 1"), "rnn rows first, as in the paper");
  // Depth: lstm 2/2 better, rnn 1/2 (h64: 1.75 > 1.7) → 3 of 4; gating: 4 of 4.
  assertMatch(md, /lower than 1 layer in 3 of 4/);
  assertMatch(md, /lower than the RNN of the same depth and budget in 4 of 4/);
  assertMatch(md, /within 1\.00 %/, "largest mismatch: rnn 1010 vs 1000");
});

Deno.test("budget table: test cross-entropy where every run has it; the n-gram baseline row", () => {
  const runs = [
    run("lstm", 1, 64, 1000, "c", 1.5),
    run("rnn", 1, 120, 1000, "c", 1.7),
    run("lstm", 2, 64, 1600, "c", 1.4),
    run("rnn", 2, 125, 1600, "c", 1.6),
  ].map((r, i) => ({ ...r, testLoss: 2 + i / 10 }));
  const baselines = [{ id: "ngram-5", corpus: "c", valBpc: 3, testBpc: 2 }];
  const md = budgetTableSection(summary(runs, { baselines }));
  assertMatch(md, /^Test cross-entropy/m);
  assertMatch(md, /\| rnn \| 1 \| 2\.100 \|/);
  assertMatch(md, /\| ngram-5 \(baseline\) \| – \| 1\.386 \|/, "2 bits = 1.386 nats");
});

Deno.test("budget table: absent for one depth, one cell, or no LSTM", () => {
  const one = [run("lstm", 1, 64, 1000, "c", 1), run("rnn", 1, 120, 1000, "c", 1)];
  assertEquals(budgetTableSection(summary(one)), "");
  const noLstm = [run("gru", 1, 64, 1000, "c", 1), run("rnn", 2, 120, 1000, "c", 1)];
  assertEquals(budgetTableSection(summary(noLstm)), "");
});
