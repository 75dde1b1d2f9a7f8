/** A diverging run ends as `diverged` with null metrics; the rest of the grid still runs; exit 0. */
import { assert, assertEquals } from "@std/assert";
import { runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/summary.ts";

Deno.test("divergence is a result: diverged run has null metrics, next run finishes, exit 0", async () => {
  const out = await Deno.makeTempDir({ prefix: "rnnlab-diverge-" });
  const runs = [
    {
      "model.cell": "rnn",
      "training.optimizer": "sgd",
      "training.learningRate": 1e4,
      "training.clip": { mode: "none", threshold: 5 },
    },
    { "model.cell": "lstm" },
  ];
  const { code, stderr } = await runCliProcess("experiment", [
    "smoke",
    "--out",
    out,
    "--set",
    "grid={}",
    "--set",
    `runs=${JSON.stringify(runs)}`,
  ]);
  assertEquals(code, 0, stderr);
  const summary: ExperimentSummary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
  const [bad, good] = summary.runs;
  assertEquals(bad.status, "diverged");
  assert(bad.reason && /NaN|infinite|3×/.test(bad.reason), bad.reason);
  assertEquals(bad.valBpc, null);
  assertEquals(bad.valLoss, null);
  assertEquals(bad.trainLoss, null);
  assertEquals(good.status, "finished");
  assert(Number.isFinite(good.valBpc));
  const report = await Deno.readTextFile(`${out}/report.md`);
  assert(report.includes(`**${bad.id} diverged**`), "the report says the run diverged");
  await Deno.remove(out, { recursive: true });
});
