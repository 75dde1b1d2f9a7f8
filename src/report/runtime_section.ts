/**
 * Report section on the runtime: which matrix-product path each run resolved (a system BLAS, its
 * library, version and threads, or wasm), and a warning when runs of one output, or the parts of
 * a resumed run, ran on different runtimes. Results are deterministic per seed and product path;
 * across paths they differ in the last digits.
 * @module
 */
import type { ExperimentSummary, RunRuntime } from "./summary.ts";

/**
 * One line naming `runtime`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { describeRunRuntime } from "./runtime_section.ts";
 * assertEquals(describeRunRuntime({ products: "wasm", blas: null }), "wasm (the backend's own products)");
 * ```
 */
export function describeRunRuntime(runtime: RunRuntime | undefined): string {
  if (!runtime) return "not recorded";
  if (runtime.blas === null) return "wasm (the backend's own products)";
  const { path, version, threads } = runtime.blas;
  const t = threads === null
    ? "library default threads"
    : `${threads} thread${threads === 1 ? "" : "s"}`;
  return `BLAS \`${path}\` (${version}; ${t})`;
}

/** The runtime section: one line when all runs agree, a table when they do not. */
export function runtimeSection(summary: ExperimentSummary): string {
  const runs = summary.runs.filter((r) => r.runtime !== undefined);
  if (runs.length === 0) return "";
  const lines = ["## Runtime", ""];
  const distinct = new Set(runs.map((r) => describeRunRuntime(r.runtime)));
  if (distinct.size === 1) {
    lines.push(`Matrix products of every run: ${[...distinct][0]}.`, "");
  } else {
    lines.push(
      "**Runs used different runtimes** (results are deterministic per seed and product path, " +
        "and differ across paths in the last digits):",
      "",
      ...runs.map((r) => `- ${r.id}: ${describeRunRuntime(r.runtime)}`),
      "",
    );
  }
  for (const r of runs) {
    for (const before of r.resumedRuntimes ?? []) {
      if (describeRunRuntime(before) === describeRunRuntime(r.runtime)) continue;
      lines.push(
        `**${r.id} was resumed on a different runtime:** before, ${
          describeRunRuntime(before)
        }; after, ${describeRunRuntime(r.runtime)}.`,
        "",
      );
    }
  }
  return lines.join("\n");
}
