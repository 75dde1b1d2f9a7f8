import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  compareSummaries,
  comparisonMarkdown,
  RUN_METRICS,
  verdictOf,
} from "../../src/report/compare.ts";
import { readSummary, type Summary } from "../../src/report/read.ts";
import { FIXTURE, fixtureCopy, runScript } from "./_fixture.ts";

const a = await readSummary(FIXTURE);

/** B: lstm got better bpc and slower; gru is gone; a new run appears; one series worse. */
function changed(): Summary {
  const b: Summary = structuredClone(a);
  const lstm = b.runs.find((r) => r.id === "lstm")!;
  lstm.valBpc = lstm.valBpc! - 0.1;
  lstm.charsPerSec = lstm.charsPerSec! / 2;
  b.runs = b.runs.filter((r) => r.id !== "gru");
  b.runs.push({ ...b.runs[0], id: "rnn-h272" });
  b.series![0].models[0].mase = b.series![0].models[0].mase! + 0.5;
  b.tasks![1].solved = true;
  return b;
}

Deno.test("verdictOf: lower and higher is better, ties, missing values", () => {
  assertEquals(verdictOf(3, 2.9, "lower"), "better");
  assertEquals(verdictOf(3, 3.1, "lower"), "worse");
  assertEquals(verdictOf(100, 120, "higher"), "better");
  assertEquals(verdictOf(100, 80, "higher"), "worse");
  assertEquals(verdictOf(0.1, 0.2, "none"), "changed");
  assertEquals(verdictOf(1, 1, "higher"), "same");
  assertEquals(verdictOf(null, 1, "lower"), "n/a");
});

Deno.test("compareSummaries: matched runs get delta = B − A and a verdict", () => {
  const c = compareSummaries(a, changed());
  const get = (run: string, metric: string) =>
    c.rows.find((r) => r.run === run && r.metric === metric)!;
  const bpc = get("lstm", "valBpc");
  assert(Math.abs(bpc.delta! + 0.1) < 1e-9);
  assertEquals(bpc.verdict, "better");
  const speed = get("lstm", "charsPerSec");
  assertEquals(speed.delta, -a.runs[1].charsPerSec! / 2);
  assertEquals(speed.verdict, "worse");
  assertEquals(get("rnn", "valLoss").verdict, "same");
  assertEquals(get("lstm", "clipRate").verdict, "same");
  assertEquals(
    c.rows.filter((r) => r.run === "rnn").map((r) => r.metric),
    RUN_METRICS.map((m) => m.key),
  );
  assertEquals(get("co2/h1/lstm", "mase").verdict, "worse");
  assertEquals(get("adding/lag25/rnn", "solved").verdict, "better");
  assertEquals(c.onlyA, ["gru"]);
  assertEquals(c.onlyB, ["rnn-h272"]);
});

Deno.test("comparisonMarkdown: table with a delta column and the one-sided runs", () => {
  const md = comparisonMarkdown(compareSummaries(a, changed()), "before", "after");
  assertStringIncludes(md, "| run | metric | A | B | delta | better/worse |");
  assertEquals(a.runs[1].valBpc, 3.3613);
  assertStringIncludes(md, "| lstm | valBpc | 3.361 | 3.261 | −0.1 (−3.0%) | better |");
  assertStringIncludes(md, "| lstm | charsPerSec | 2100 | 1050 | −1050 (−50.0%) | worse |");
  assertStringIncludes(md, "Only in A: gru.");
  assertStringIncludes(md, "Only in B: rnn-h272.");
});

Deno.test("deno task compare <dirA> <dirB> prints the table; a missing folder exits 2", async () => {
  const { dir, root } = await fixtureCopy("b");
  try {
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(changed()));
    const ok = await runScript("src/cli/compare.ts", [FIXTURE, dir]);
    assertEquals(ok.code, 0, ok.stderr);
    assertStringIncludes(ok.stdout, "| lstm | valBpc |");
    assertStringIncludes(ok.stdout, "| delta |");
    const bad = await runScript("src/cli/compare.ts", [FIXTURE, `${root}/missing`]);
    assertEquals(bad.code, 2);
    assertStringIncludes(bad.stderr, "summary.json: does not exist");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
