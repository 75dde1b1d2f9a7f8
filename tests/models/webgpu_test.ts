/**
 * webgpu: the reference cells match the PyTorch oracles (forward, final state, every gradient),
 * and a whole experiment trains to the same validation loss as on wasm with fused cells. Runs
 * wherever Deno finds a WebGPU adapter — a GPU, or a software one such as llvmpipe — and is
 * skipped with a message elsewhere.
 */
import { referenceSequence } from "../../src/models/reference/mod.ts";
import { CELL_KINDS } from "../../src/models/cells/mod.ts";
import { assertMatchesGolden } from "../_golden.ts";
import { assertAllClose } from "../_assert_close.ts";
import { assertEquals } from "@std/assert";
import { runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/summary.ts";

// deno-lint-ignore no-explicit-any
const gpu = (navigator as any).gpu;
const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
if (!adapter) console.log("webgpu golden test skipped: no WebGPU adapter on this machine");

for (const kind of CELL_KINDS) {
  Deno.test({
    name: `webgpu: reference ${kind} matches the PyTorch oracle`,
    ignore: !adapter,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () => assertMatchesGolden(kind, referenceSequence, ["webgpu"]),
  });
}

Deno.test({
  name: "webgpu: the smoke experiment trains to wasm's validation losses",
  ignore: !adapter,
  fn: async () => {
    const losses: number[][] = [];
    for (const sets of [["backend=webgpu", "implementation=reference"], ["backend=wasm"]]) {
      const out = await Deno.makeTempDir({ prefix: "rnnlab-webgpu-" });
      await Deno.remove(out);
      const args = ["smoke", "--quick", "--out", out, ...sets.flatMap((s) => ["--set", s])];
      const { code, stderr } = await runCliProcess("experiment", args);
      assertEquals(code, 0, stderr);
      const summary: ExperimentSummary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
      losses.push(summary.runs.map((r) => r.valLoss!));
      await Deno.remove(out, { recursive: true });
    }
    assertAllClose(losses[0], losses[1], { abs: 1e-4, rel: 1e-4 }, "val loss webgpu vs wasm");
  },
});
