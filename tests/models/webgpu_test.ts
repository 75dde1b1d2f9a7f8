/**
 * The reference cells on tfjs-webgpu match the PyTorch oracles (forward, final state, every
 * gradient). Runs wherever Deno finds a WebGPU adapter — a GPU, or a software one such as
 * llvmpipe — and is skipped with a message elsewhere. Training on webgpu is not supported yet
 * (see `requireTrainingBackend`), but the cell math is checked here.
 */
import { referenceSequence } from "../../src/models/reference/mod.ts";
import { CELL_KINDS } from "../../src/models/cell.ts";
import { assertMatchesGolden } from "../_golden.ts";

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
