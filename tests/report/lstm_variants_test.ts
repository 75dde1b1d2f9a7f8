import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  CLAIM_FORGET_GATE,
  CLAIM_NO_BETTER,
  greffStudies,
  lstmVariantsSection,
  MEMORY_SCORES,
} from "../../src/report/lstm_variants.ts";
import { taskSections } from "../../src/report/tasks.ts";
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";

const SEEDS = [1, 2, 3];
/** The vanilla LSTM's test bpc per seed, at forget bias 0 and 1. */
const LSTM: Record<number, number[]> = { 0: [2.90, 2.89, 2.91], 1: [2.96, 2.95, 2.97] };
/** Small seed noise: a steady difference stays significant. */
const STEADY = [0.004, -0.003, 0.001];
/** Large seed noise around a zero difference: within seed noise. */
const NOISY = [0.05, -0.06, 0.02];

/** A run as the lstm-variants experiment names it (nfg/gru, without a forget gate: no forgetBias label). */
const run = (
  cell: string,
  forgetBias: number | null,
  seed: number,
  testBpc: number,
  fields: Partial<RunSummary> = {},
) =>
  ({
    id: `${cell}${forgetBias === null ? "" : `-forgetBias=${forgetBias}`}-seed=${seed}`,
    cell,
    forgetBias,
    seed,
    hidden: 128,
    embedding: 32,
    layers: 1,
    status: "finished",
    steps: 500,
    charsSeen: 1_024_000,
    valBpc: testBpc + 0.03,
    testBpc,
    evals: [],
    samples: [],
    gradNorm: { median: 0.2, max: 1 },
    ...fields,
  }) as unknown as RunSummary;

/** Three seeds of `cell` at `forgetBias`: the LSTM's numbers (at `against`) plus `delta` and noise. */
const group = (
  cell: string,
  forgetBias: number | null,
  delta: number,
  noise = STEADY,
  against = forgetBias ?? 0,
) => SEEDS.map((seed, i) => run(cell, forgetBias, seed, LSTM[against][i] + delta + noise[i]));

const lstm = (biases = [0, 1]) => biases.flatMap((b) => group("lstm", b, 0, [0, 0, 0]));

const summary = (runs: RunSummary[], task = "charlm"): ExperimentSummary => ({
  experiment: "lstm-variants",
  description: "",
  task,
  createdAt: "",
  quick: false,
  runs,
});

const verdicts = (runs: RunSummary[]) => {
  const studies = greffStudies(runs);
  assertEquals(studies.length, 1, "one setting");
  return studies[0].verdicts.map((v) => v.verdict);
};

Deno.test("lstm variants: both verdicts hold (cifg within noise or worse, nfg worst beyond noise)", () => {
  const runs = [
    ...lstm(),
    ...group("cifg", 0, 0, NOISY),
    ...group("cifg", 1, 0.05),
    ...group("nfg", null, 0.25),
    ...group("gru", null, -0.2),
  ];
  assertEquals(verdicts(runs), ["holds", "holds"]);
  const md = lstmVariantsSection(summary(runs));
  assert(md.startsWith("## LSTM variants (Greff et al. 2015)\n"));
  // Groups are labelled by cell and forget bias, not by the raw run ids.
  assert(!md.includes("nfg-forgetBias"), "no raw id of nfg");
  assertStringIncludes(md, "| lstm (vanilla) | 0 | 3/3 | 2.900 ± ");
  assertStringIncludes(
    md,
    "| cifg | 0 | 3/3 | 2.903 ± 0.160 (95 % CI 2.744 … 3.063) | lstm at forget bias 0 | 0.003 ± ",
  );
  assertStringIncludes(md, "| cifg | 1 | 3/3 | 3.011 ± ");
  assertStringIncludes(md, "| lstm at forget bias 1 | 0.051 ± 0.009 (95 % CI 0.042 … 0.059; 3");
  assertStringIncludes(md, "| nfg | n/a | 3/3 | 3.151 ± ");
  assertStringIncludes(md, "| lstm at forget bias 0 (PyTorch's default) | 0.251 ± ");
  // nfg against the other LSTM forget bias too, but not for the verdicts.
  assertStringIncludes(md, "| lstm at forget bias 1 (not used by the verdicts) | 0.191 ± ");
  assertStringIncludes(md, "| gru (not an LSTM variant) | n/a | 3/3 |");
  assertStringIncludes(md, "gru is shown for reference but is not an LSTM variant");
  assertStringIncludes(md, "inconclusive (within seed noise) |");
  assertStringIncludes(md, "Verdicts, judged at 500 steps, 1.0 M characters seen per run");
  assertStringIncludes(
    md,
    `1. **${CLAIM_NO_BETTER}**: holds — no variant's paired interval lies entirely below 0; ` +
      "significantly worse: cifg (forget bias 1), nfg (no forget gate); within seed noise: cifg " +
      "(forget bias 0).",
  );
  assertStringIncludes(
    md,
    `2. **${CLAIM_FORGET_GATE}**: holds — nfg (no forget gate) − lstm (forget bias 0) = 0.251 ` +
      "test bpc (95 % CI 0.242 … 0.259), the largest difference of any variant, and its " +
      "interval lies above 0.",
  );
});

Deno.test("lstm variants: a significantly better cifg breaks verdict 1, named with its margin", () => {
  const runs = [...lstm(), ...group("cifg", 1, -0.11), ...group("nfg", null, 0.25)];
  assertEquals(verdicts(runs), ["does not hold", "holds"]);
  assertStringIncludes(
    lstmVariantsSection(summary(runs)),
    `1. **${CLAIM_NO_BETTER}**: does not hold — cifg (forget bias 1) is significantly better: ` +
      "cifg (forget bias 1) − lstm (forget bias 1) = −0.109 test bpc (95 % CI −0.118 … −0.101).",
  );
});

Deno.test("lstm variants: verdict 2 does not hold when another variant is worse than nfg", () => {
  const runs = [...lstm(), ...group("cifg", 1, 0.4), ...group("nfg", null, 0.25)];
  assertEquals(verdicts(runs), ["holds", "does not hold"]);
  assertStringIncludes(
    lstmVariantsSection(summary(runs)),
    `2. **${CLAIM_FORGET_GATE}**: does not hold — another variant's difference is at least as ` +
      "large: cifg (forget bias 1) − lstm (forget bias 1) = 0.401 test bpc (95 % CI 0.392 … " +
      "0.409), against nfg (no forget gate) − lstm (forget bias 0) = 0.251 test bpc",
  );
});

Deno.test("lstm variants: without nfg, verdict 2 is not judged", () => {
  const runs = [...lstm(), ...group("cifg", 0, 0.05), ...group("gru", null, 0.3)];
  assertEquals(verdicts(runs), ["holds", "not judged"]);
  assertStringIncludes(
    lstmVariantsSection(summary(runs)),
    `2. **${CLAIM_FORGET_GATE}**: not judged — no LSTM variant without a forget gate (nfg) ran.`,
  );
});

Deno.test("lstm variants: within seed noise, verdict 1 holds and nfg is not significantly worse", () => {
  const runs = [...lstm([0]), ...group("cifg", 0, 0, NOISY), ...group("nfg", null, 0.01, NOISY)];
  assertEquals(verdicts(runs), ["holds", "does not hold"]);
  const md = lstmVariantsSection(summary(runs));
  assertStringIncludes(md, "within seed noise: cifg (forget bias 0), nfg (no forget gate).");
  assertStringIncludes(md, "but nfg is not significantly worse: its interval contains 0");
  // One LSTM forget bias: no extra rows against other biases.
  assert(!md.includes("not used by the verdicts"));
});

Deno.test("lstm variants: gru is no variant, however much better it is", () => {
  const runs = [...lstm([0]), ...group("gru", null, -0.3), ...group("nfg", null, 0.2)];
  assertEquals(verdicts(runs), ["holds", "holds"]);
  assertStringIncludes(lstmVariantsSection(summary(runs)), "| gru (not an LSTM variant) |");
});

Deno.test("lstm variants: one seed gives no interval, so no verdict is drawn", () => {
  const runs = [run("lstm", 0, 1, 2.9), run("cifg", 0, 1, 2.7), run("nfg", null, 1, 3.2)];
  assertEquals(verdicts(runs), ["inconclusive", "inconclusive"]);
  // Nor does a variant whose one-seed difference is larger than nfg's make claim 2 fail.
  const larger = [run("lstm", 0, 1, 2.9), run("cifg", 0, 1, 3.3), run("nfg", null, 1, 3.0)];
  assertEquals(verdicts(larger), ["inconclusive", "inconclusive"]);
});

Deno.test("lstm variants: budgets that differ make both verdicts inconclusive and are named", () => {
  const runs = [
    ...lstm([0]),
    ...group("cifg", 0, -0.2).map((r) => ({ ...r, steps: 400, charsSeen: 819_200 })),
  ];
  assertEquals(verdicts(runs), ["inconclusive", "inconclusive"]);
  assertStringIncludes(
    lstmVariantsSection(summary(runs)),
    "inconclusive — the budgets differ (500 steps, 1024000 characters; 400 steps, 819200 characters)",
  );
});

Deno.test("lstm variants: a variant at a forget bias no LSTM ran is shown, not judged", () => {
  const runs = [...lstm([0]), ...group("cifg", 1, 0, STEADY, 1)];
  assertEquals(verdicts(runs), ["not judged", "not judged"]);
  assertStringIncludes(lstmVariantsSection(summary(runs)), "| no lstm at forget bias 1 | – | – |");
});

Deno.test("lstm variants: the section needs lstm and a variant, and is a charlm report section", () => {
  assertEquals(lstmVariantsSection(summary([...lstm(), ...group("gru", null, 0.1)])), "");
  assertEquals(
    lstmVariantsSection(summary([...group("cifg", 0, 0), ...group("nfg", null, 0)])),
    "",
  );
  const runs = [...lstm([0]), ...group("nfg", null, 0.2)];
  // Registered with the charlm task's report sections (test bpc) and the memory tasks'; not with
  // forecasting. Runs without the task's score (bpc runs read as adding: no MSE) give none.
  assertStringIncludes(taskSections(summary(runs)), "## LSTM variants (Greff et al. 2015)");
  assert(!taskSections(summary(runs, "forecast")).includes("## LSTM variants"));
  assert(!taskSections(summary(runs, "adding")).includes("## LSTM variants"));
  // Settings that differ in more than cell and forget bias get one study each.
  const wide = runs.map((r) => ({ ...r, id: r.id.replace(`${r.cell}-`, `${r.cell}-h256-`) }));
  const md = lstmVariantsSection(summary([...runs, ...wide]));
  assertStringIncludes(md, "\n### h256\n");
  assertEquals(greffStudies([...runs, ...wide]).map((s) => s.setting), ["", "h256"]);
});

Deno.test("lstm variants on the adding problem: judged by test MSE (4 decimals), items seen", () => {
  const mse = (cell: string, forgetBias: number | null, seed: number, metric: number) =>
    run(cell, forgetBias, seed, NaN, {
      id: `lag=50-${cell}${forgetBias === null ? "" : `-forgetBias=${forgetBias}`}-seed=${seed}`,
      testBpc: undefined,
      valBpc: null,
      memory: {
        task: "adding",
        variant: "halves",
        lag: 50,
        cell,
        solved: metric < 0.01,
        metric,
        metricName: "mse",
        baseline: 0.167,
        stepsToSolve: null,
      },
    });
  const runs = [
    ...[0.0009, 0.0011, 0.0010].map((m, i) => mse("lstm", 0, i + 1, m)),
    ...[0.0008, 0.0013, 0.0009].map((m, i) => mse("cifg", 0, i + 1, m)),
    ...[0.1600, 0.1650, 0.1700].map((m, i) => mse("nfg", null, i + 1, m)),
  ];
  const md = lstmVariantsSection(summary(runs, "adding"));
  assertStringIncludes(md, "## LSTM variants (Greff et al. 2015)");
  assertStringIncludes(
    md,
    "| lstm (vanilla) | 0 | 3/3 | 0.0010 ± 0.0002 (95 % CI 0.0008 … 0.0012) |",
  );
  assertStringIncludes(md, "nfg (no forget gate) − lstm (forget bias 0) = 0.1640 test MSE");
  assertStringIncludes(md, "judged at 500 steps, 1.0 M items seen per run (test MSE");
  assertEquals(greffStudies(runs, MEMORY_SCORES.adding)[0].setting, "lag=50");
  assertEquals(
    greffStudies(runs, MEMORY_SCORES.adding)[0].verdicts.map((v) => v.verdict),
    ["holds", "holds"],
  );
  // Registered with the memory tasks' report sections too.
  assertStringIncludes(taskSections(summary(runs, "adding")), "## LSTM variants");
  // The copy task scores accuracy: its error (1 − accuracy) is compared, lower is better.
  const copy = { ...runs[0], memory: { metric: 0.9, metricName: "accuracy" } } as RunSummary;
  assertEquals(MEMORY_SCORES.copy.of(copy)?.toFixed(6), "0.100000");
});
