import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { runtimeSection } from "../../src/report/runtime_section.ts";
import type { ExperimentSummary, RunRuntime, RunSummary } from "../../src/report/summary.ts";

const BLAS: RunRuntime = {
  products: "blas",
  blas: { path: "/usr/lib/libopenblas.so.0", version: "OpenBLAS 0.3.21", threads: 1 },
};
const WASM: RunRuntime = { products: "wasm", blas: null };

function summary(...runs: Partial<RunSummary>[]): ExperimentSummary {
  return {
    experiment: "x",
    description: "",
    task: "charlm",
    createdAt: "t",
    quick: true,
    runs: runs.map((r, i) => ({ id: `r${i}`, ...r }) as RunSummary),
  };
}

Deno.test("runtime section: one line when the runs agree, nothing when none recorded one", () => {
  const text = runtimeSection(summary({ runtime: BLAS }, { runtime: BLAS }));
  assertStringIncludes(text, "Matrix products of every run: BLAS `/usr/lib/libopenblas.so.0`");
  assertStringIncludes(text, "OpenBLAS 0.3.21; 1 thread");
  assert(!text.includes("different"));
  assertEquals(runtimeSection(summary({}, {})), "");
});

Deno.test("runtime section: says when runs, or the parts of a resumed run, differ", () => {
  const mixed = runtimeSection(summary({ runtime: BLAS }, { runtime: WASM }));
  assertStringIncludes(mixed, "Runs used different runtimes");
  assertStringIncludes(mixed, "- r1: wasm");
  const resumed = runtimeSection(summary({ runtime: WASM, resumedRuntimes: [BLAS] }));
  assertStringIncludes(resumed, "r0 was resumed on a different runtime:** before, BLAS");
  assertStringIncludes(resumed, "after, wasm");
});
