/**
 * `deno task report <out>` rebuilds the whole report from the folder alone: with `report.md`,
 * `report.html` and `charts/` deleted, it writes them back byte for byte as the experiment wrote
 * them — on the `smoke` experiment (charlm; also with LSTM variants over two seeds) and a tiny
 * forecast config. (The lecture suite's folder is checked in tests/report/lecture_test.ts, on the
 * suite run it already makes.)
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { ownStderr, runCliProcess } from "../_cli.ts";
import { deleteReport, reportFiles } from "../_report_files.ts";

/** Run an experiment into a new folder, then rebuild its report from scratch and compare. */
async function roundTrip(args: string[], section: string): Promise<void> {
  const out = await Deno.makeTempDir({ prefix: "rnnlab-report-" });
  try {
    const run = await runCliProcess("experiment", [...args, "--out", out]);
    assertEquals(run.code, 0, ownStderr(run.stderr));
    const written = await reportFiles(out);
    assert(written["report.md"]?.includes(section), `report.md has its task's section ${section}`);
    assert(written["report.html"], "the experiment wrote report.html");
    assert(Object.keys(written).some((k) => k.startsWith("charts/")), "and its charts");
    await deleteReport(out);
    const rebuilt = await runCliProcess("report", [out]);
    assertEquals(rebuilt.code, 0, ownStderr(rebuilt.stderr));
    assertEquals(await reportFiles(out), written);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

Deno.test("deno task report rebuilds smoke's report.md, charts and report.html byte for byte", async () => {
  await roundTrip(["smoke", "--quick"], "## RNN vs LSTM, as in the lecture");
});

Deno.test("deno task report rebuilds the LSTM-variants section byte for byte (lstm, cifg, nfg × 2 seeds)", async () => {
  await roundTrip(
    [
      "smoke",
      "--quick",
      "--jobs",
      "1",
      "--set",
      'grid.model.cell=["lstm","cifg","nfg"]',
      "--set",
      "grid.training.seed=[1,2]",
    ],
    "## LSTM variants (Greff et al. 2015)",
  );
});

Deno.test("deno task report rebuilds a forecast report byte for byte (task sections from the registry)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "rnnlab-report-config-" });
  try {
    const file = join(dir, "tiny-forecast.jsonc");
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        name: "tiny-forecast",
        task: "forecast",
        series: { id: "sine-mix" },
        forecast: { lookback: 8, horizon: 2 },
        model: { hidden: 4 },
        training: { batch: 8, steps: 4, evalInterval: 2 },
        grid: { "model.cell": ["rnn", "lstm"] },
      }),
    );
    await roundTrip([file], "## Forecasts vs baselines");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
