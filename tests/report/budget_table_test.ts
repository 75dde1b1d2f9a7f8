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

Deno.test("budget table over seeds: every seed's run counts, mean ± 95 % half width, paired tallies", () => {
  // Two depths × rnn/lstm at one budget, three seeds each; seed 1's numbers alone would say the
  // RNN is lower at depth 1, the means and the paired interval say the LSTM is.
  const losses: Record<string, number[]> = {
    "lstm-1": [1.6, 1.4, 1.4],
    "rnn-1": [1.55, 1.6, 1.62],
    "lstm-2": [1.3, 1.31, 1.29],
    "rnn-2": [1.5, 1.52, 1.51],
  };
  const runs = Object.entries(losses).flatMap(([key, values]) => {
    const [cell, layers] = key.split("-");
    const params = layers === "1" ? 1000 : 1600;
    return values.map((loss, i) => ({
      ...run(cell, Number(layers), cell === "lstm" ? 64 : 120, params, "c", loss),
      id: `${cell}-l${layers}-seed=${i + 1}`,
    }));
  });
  // A diverged seed is left out of its entry's mean and counted as missing.
  runs[runs.length - 1] = { ...runs[runs.length - 1], status: "diverged", valLoss: null } as never;
  const md = budgetTableSection(summary(runs));
  assertMatch(md, /mean over 3 seeds ± the half width of its 95 % interval/);
  // lstm l1: mean 1.467, sd 0.1155, half width 4.303 · 0.1155 / √3 = 0.287.
  assertMatch(md, /\| lstm \| 1 \| 1\.467 ± 0\.287 \|/);
  assertMatch(md, /\| rnn \| 2 \| 1\.510 ± 0\.127 \(2\/3\) \|/);
  // Gating: lower by the means at both depths; beyond noise only at depth 2 (seeds 1–2 paired).
  assertMatch(
    md,
    /in 2 of 2 comparisons; beyond seed noise \(paired 95 % interval\) lower in 1, higher in 0/,
  );
  assert(!md.includes("One seed per entry"));
});

Deno.test("budget table with one seed says its tallies are counts, not verdicts", () => {
  const runs = [
    run("lstm", 1, 64, 1000, "c", 1.5),
    run("rnn", 1, 120, 1000, "c", 1.7),
    run("lstm", 2, 64, 1600, "c", 1.4),
    run("rnn", 2, 125, 1600, "c", 1.6),
  ];
  const md = budgetTableSection(summary(runs));
  assertMatch(md, /One seed per entry: these are counts of single runs, not verdicts/);
  assert(!md.includes("beyond seed noise"));
});
