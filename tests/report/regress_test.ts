import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  type Baseline,
  baselineFromSummary,
  benchRatios,
  checkQuality,
  checkThroughput,
  isRegression,
  regressionReport,
  throughputRatios,
} from "../../src/report/regress.ts";
import { readSummary, type Summary } from "../../src/report/read.ts";
import { FIXTURE, fixtureCopy, runScript } from "./_fixture.ts";

const summary = await readSummary(FIXTURE);
const COMMAND = "deno run -A src/cli/experiment.ts lstm-vs-rnn --quick --out <dir>";

function result(quality: ReturnType<typeof checkQuality>) {
  return { quality, throughput: [], warnings: [], failures: [] };
}

/** A baseline whose lstm val bpc is `by` lower than what the fixture measured. */
function tightened(by: number): Baseline {
  const b = baselineFromSummary(summary, COMMAND);
  b.runs.lstm.valBpc = b.runs.lstm.valBpc! - by;
  return b;
}

Deno.test("an equal baseline passes: every metric ok", () => {
  const rows = checkQuality(baselineFromSummary(summary, COMMAND), summary);
  // 3 runs × (valBpc, valLoss) + 4 series MASE + 4 tasks.
  assertEquals(rows.length, 3 * 2 + 4 + 4);
  assert(rows.every((r) => r.verdict === "ok"), JSON.stringify(rows));
  assertEquals(isRegression(result(rows)), false);
});

Deno.test("a tightened baseline is a regression; within tolerance is not", () => {
  const tol = baselineFromSummary(summary, COMMAND).tolerances.valBpc.abs;
  const bad = checkQuality(tightened(tol * 2), summary);
  const row = bad.find((r) => r.item === "lstm" && r.metric === "valBpc")!;
  assertEquals(row.verdict, "REGRESSED");
  assert(Math.abs(row.delta! - tol * 2) < 1e-9);
  assert(isRegression(result(bad)));
  const close = checkQuality(tightened(tol / 2), summary);
  assertEquals(close.find((r) => r.item === "lstm" && r.metric === "valBpc")!.verdict, "ok");
  assertEquals(isRegression(result(close)), false);
  // A baseline that was worse: now is an improvement, which passes.
  const better = checkQuality(tightened(-tol * 2), summary);
  assertEquals(better.find((r) => r.item === "lstm")!.verdict, "improved");
  assertEquals(isRegression(result(better)), false);
});

Deno.test("a diverged or missing run, a worse MASE and a lost task are regressions", () => {
  const base = baselineFromSummary(summary, COMMAND);
  const now: Summary = structuredClone(summary);
  now.runs[0].valBpc = null;
  now.runs[0].valLoss = null;
  now.runs[0].status = "diverged";
  now.runs = now.runs.filter((r) => r.id !== "gru");
  now.series![0].models[0].mase = now.series![0].models[0].mase! * 1.1;
  now.tasks![3].solved = false;
  const rows = checkQuality(base, now);
  const regressed = rows.filter((r) => r.verdict === "REGRESSED").map((r) =>
    `${r.item}:${r.metric}`
  );
  assertEquals(regressed.sort(), [
    "adding/lag25/lstm:solved",
    "co2/h1/lstm:mase",
    "gru:valBpc",
    "gru:valLoss",
    "rnn:valBpc",
    "rnn:valLoss",
  ]);
  assertEquals(rows.find((r) => r.item === "rnn")!.note, "run diverged");
  assertEquals(rows.find((r) => r.item === "gru")!.note, "run missing");
});

Deno.test("throughput and bench ratios only warn", () => {
  const ratios = throughputRatios(summary);
  assertEquals(ratios, { "lstm / rnn chars/s": 2100 / 5200, "gru / rnn chars/s": 2500 / 5200 });
  const rows = checkThroughput("lstm-vs-rnn", { "lstm / rnn chars/s": 1 }, ratios);
  assertEquals(rows.map((r) => r.verdict), ["warn", "new"]);
  const r = { quality: [], throughput: rows, warnings: [], failures: [] };
  assertEquals(isRegression(r), false);
  const bench = benchRatios({
    benches: [
      { group: "lstm", name: "reference", baseline: true, results: [{ ok: { avg: 9 } }] },
      { group: "lstm", name: "fused", baseline: false, results: [{ ok: { avg: 3 } }] },
      { group: null, name: "alone", baseline: false, results: [{ ok: { avg: 1 } }] },
    ],
  });
  assertEquals(bench, { "lstm: fused vs reference (speed-up)": 3 });
});

Deno.test("the report has metric, baseline, now, delta, tolerance, verdict", () => {
  const md = regressionReport(result(checkQuality(tightened(0.05), summary)), {
    createdAt: "2025-01-01T00:00:00Z",
    baselinesDir: "baselines",
    updated: false,
  });
  assertStringIncludes(md, "**Verdict: FAIL** (1 quality regression(s))");
  assertStringIncludes(
    md,
    "| experiment | item | metric | baseline | now | delta | tolerance | verdict |",
  );
  assertStringIncludes(
    md,
    "| lstm-vs-rnn | lstm | valBpc | 3.311 | 3.361 | +0.05 | ±0.02 | REGRESSED |",
  );
});

async function regressCli(baseline: Baseline | null, extra: string[] = []) {
  const { root } = await fixtureCopy("outputs/lstm-vs-rnn");
  await Deno.mkdir(`${root}/baselines`);
  if (baseline) {
    await Deno.writeTextFile(`${root}/baselines/lstm-vs-rnn.json`, JSON.stringify(baseline));
  }
  const run = await runScript("src/cli/regress.ts", [
    "--outputs",
    `${root}/outputs`,
    "--baselines",
    `${root}/baselines`,
    "--results",
    `${root}/results`,
    "--no-bench",
    ...extra,
  ]);
  const [stamp] = [...Deno.readDirSync(`${root}/results`)].map((e) => e.name);
  const report = await Deno.readTextFile(`${root}/results/${stamp}/regress-report.md`);
  return { ...run, root, report };
}

Deno.test("deno task regress: exit 1 against a tightened baseline, 0 on an equal one", async () => {
  const bad = await regressCli(tightened(0.05));
  try {
    assertEquals(bad.code, 1, bad.stderr);
    assertStringIncludes(bad.report, "REGRESSED");
    assertStringIncludes(bad.stdout, "**Verdict: FAIL**");
  } finally {
    await Deno.remove(bad.root, { recursive: true });
  }
  const ok = await regressCli(baselineFromSummary(summary, COMMAND));
  try {
    assertEquals(ok.code, 0, ok.stderr);
    assertStringIncludes(ok.report, "**Verdict: PASS**");
  } finally {
    await Deno.remove(ok.root, { recursive: true });
  }
});

Deno.test("deno task regress --update writes the baseline, keeping its tolerances", async () => {
  const old = tightened(0.05);
  old.tolerances.valBpc = { abs: 0.5, rel: 0 };
  const run = await regressCli(old, ["--update"]);
  try {
    assertEquals(run.code, 0, run.stderr);
    const written: Baseline = JSON.parse(
      await Deno.readTextFile(`${run.root}/baselines/lstm-vs-rnn.json`),
    );
    assertEquals(written.runs.lstm.valBpc, summary.runs[1].valBpc);
    assertEquals(written.tolerances.valBpc.abs, 0.5);
    assertStringIncludes(written.note, "deno task regress --update");
  } finally {
    await Deno.remove(run.root, { recursive: true });
  }
});

Deno.test("deno task regress without a baseline warns and passes", async () => {
  const run = await regressCli(null);
  try {
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.report, "no baseline at");
  } finally {
    await Deno.remove(run.root, { recursive: true });
  }
});
