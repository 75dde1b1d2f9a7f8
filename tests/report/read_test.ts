import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  parseEvents,
  parseMetricsCsv,
  parseSummary,
  readOutput,
  readSummary,
} from "../../src/report/read.ts";
import { InputError } from "../../src/errors.ts";

const FIXTURE = new URL("../fixtures/report/sample-out", import.meta.url).pathname;

Deno.test("readOutput reads summary, metrics, events, config, samples and report.md", async () => {
  const out = await readOutput(FIXTURE);
  assertEquals(out.summary.experiment, "lstm-vs-rnn");
  assertEquals(out.runs.map((r) => r.id), ["rnn", "lstm", "gru"]);
  for (const run of out.runs) {
    assertEquals(run.metrics.length, 40);
    assertEquals(run.metrics.map((m) => m.step), Array.from({ length: 40 }, (_, i) => i + 1));
    const evals = run.metrics.filter((m) => m.valLoss !== null);
    assertEquals(evals.map((m) => m.step), [10, 20, 30, 40]);
    assertEquals(evals.map((m) => m.valLoss), run.summary.evals!.map((e) => e.valLoss));
    assertEquals(run.metrics[0].valBpc, null);
    assert(run.metrics.every((m) => typeof m.clipped === "boolean"));
    assertEquals(run.events.filter((e) => e.type === "eval").length, 4);
    assertEquals(run.events.at(-1)?.type, "status");
    assertEquals((run.config?.model as { cell: string }).cell, run.summary.cell);
    assert(run.samplesMarkdown?.includes("## step 40"));
  }
  assert(out.reportMarkdown?.startsWith("# lstm-vs-rnn"));
});

Deno.test("parseMetricsCsv: empty cells are null, clipped 0/1 is boolean, bad cells fail", () => {
  const rows = parseMetricsCsv("step,trainLoss,clipped,valLoss\n1,4.2,0,\n2,4,1,3.9\n", "m.csv");
  assertEquals(rows[0].valLoss, null);
  assertEquals(rows[1].valLoss, 3.9);
  assertEquals([rows[0].clipped, rows[1].clipped], [false, true]);
  assertEquals(rows[0].gradNorm, null, "absent columns read as null");
  const error = assertThrows(
    () => parseMetricsCsv("step,trainLoss\n1,abc\n", "run/metrics.csv"),
    InputError,
  );
  assert(error.message.startsWith("run/metrics.csv: row 2, column trainLoss:"));
});

Deno.test("parseEvents tolerates a torn last line only", () => {
  assertEquals(parseEvents('{"type":"step","step":1}\n{"type":"st', "e").length, 1);
  assertThrows(() => parseEvents('{"type":"st\n{"type":"step","step":1}\n', "e"), InputError);
});

Deno.test("bad or missing summary.json is an InputError naming the file", async () => {
  assertThrows(() => parseSummary("{", "x/summary.json"), InputError, "x/summary.json");
  assertThrows(() => parseSummary('{"runs":[{}]}', "s.json"), InputError, "runs[0].id");
  const empty = await Deno.makeTempDir();
  try {
    await assertRejects(() => readOutput(empty), InputError, "summary.json: does not exist");
    await assertRejects(() => readSummary(empty), InputError, "does not exist");
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
});

Deno.test("readOutput: a run without files reads as empty", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/summary.json`,
      JSON.stringify({ experiment: "x", runs: [{ id: "a", valBpc: 3 }] }),
    );
    const out = await readOutput(dir);
    assertEquals(out.runs[0].metrics, []);
    assertEquals(out.runs[0].events, []);
    assertEquals(out.runs[0].config, null);
    assertEquals(out.reportMarkdown, null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
