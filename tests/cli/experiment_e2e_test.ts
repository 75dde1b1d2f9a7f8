/** A quick experiment runs end to end as a subprocess and writes every promised output. */
import { assert, assertEquals } from "@std/assert";
import { runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/summary.ts";

Deno.test("smoke experiment: exit 0, outputs, finite metrics, 4× recurrent params", async () => {
  const out = await Deno.makeTempDir({ prefix: "rnnlab-e2e-" });
  const { code, stderr } = await runCliProcess("experiment", ["smoke", "--out", out]);
  assertEquals(code, 0, stderr);
  const summary: ExperimentSummary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
  assertEquals(summary.experiment, "smoke");
  assertEquals(summary.runs.map((r) => r.id), ["rnn", "lstm"]);
  for (const run of summary.runs) {
    assertEquals(run.status, "finished");
    assert(Number.isFinite(run.valBpc), `${run.id} valBpc ${run.valBpc}`);
    assertEquals(run.steps, 10);
    assertEquals(run.charsSeen, 10 * 4 * 16);
    for (const f of ["config.json", "metrics.csv", "events.jsonl", "samples.md"]) {
      const info = await Deno.stat(`${out}/${run.id}/${f}`);
      assert(info.size > 0, `${run.id}/${f} is empty`);
    }
    const csv = (await Deno.readTextFile(`${out}/${run.id}/metrics.csv`)).trim().split("\n");
    assertEquals(csv.length, 1 + 10, "one header and one row per step");
    assert(run.samples.length >= 2 && run.samples.every((s) => s.text.length === 20));
  }
  const [rnn, lstm] = summary.runs;
  assertEquals(lstm.recurrentParams, 4 * rnn.recurrentParams);
  for (const f of ["summary.csv", "report.md"]) {
    assert((await Deno.stat(`${out}/${f}`)).size > 0, f);
  }
  const report = await Deno.readTextFile(`${out}/report.md`);
  assert(report.includes("RNN vs LSTM"), "report has the lecture table");
  await Deno.remove(out, { recursive: true });
});

Deno.test("every option path trains: rmsprop, sgd, value clipping, dropout, 2 layers, gru", async () => {
  const out = await Deno.makeTempDir({ prefix: "rnnlab-e2e-" });
  await Deno.remove(out);
  const sets = [
    "grid={}",
    `runs=${
      JSON.stringify([
        { "model.cell": "gru", "training.optimizer": "rmsprop" },
        { "model.cell": "lstm", "training.optimizer": "sgd", "training.learningRate": 0.5 },
        {
          "model.cell": "rnn",
          "model.layers": 2,
          "model.dropout": 0.3,
          "training.clip": { mode: "value", threshold: 0.01 },
        },
        { "model.cell": "lstm", "implementation": "reference", "backend": "cpu" },
      ])
    }`,
  ];
  const args = ["smoke", "--quick", "--out", out, ...sets.flatMap((s) => ["--set", s])];
  const { code, stderr } = await runCliProcess("experiment", args);
  assertEquals(code, 0, stderr);
  const summary: ExperimentSummary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
  assertEquals(summary.runs.length, 4);
  for (const run of summary.runs) {
    assertEquals(run.status, "finished", `${run.id}: ${run.reason}`);
    assert(Number.isFinite(run.valLoss));
  }
  const valueClipped = summary.runs[2];
  assertEquals(valueClipped.layers, 2);
  assertEquals(valueClipped.clip.mode, "value");
  assertEquals(valueClipped.clipRate, 1, "a 0.01 value threshold clips every step");
  await Deno.remove(out, { recursive: true });
});
