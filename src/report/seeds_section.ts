/**
 * Report section for grids over `training.seed`: runs that differ only in their seed are grouped,
 * with the mean, standard deviation and 95 % interval (Student's t, df = seeds − 1) of their scored
 * validation and test numbers, so a difference between settings can be weighed against the spread
 * between seeds.
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";
import { groupBySeed, groupInterval, type Metric, seedGroup } from "./seed_groups.ts";
import type { Interval } from "../metrics/intervals.ts";

export { seedGroup };

const finite = (x: unknown): number | null =>
  typeof x === "number" && Number.isFinite(x) ? x : null;
const metric = (name: string, key: string): Metric => ({
  name,
  of: (r) => r.status === "finished" ? finite(r[key]) : null,
});
const VAL_LOSS = metric("val loss", "valLoss");
const VAL_BPC = metric("val bpc", "valBpc");
const TEST_BPC = metric("test bpc", "testBpc");

function cell(ci: Interval | null, digits: number): string {
  if (!ci) return "–";
  const f = (x: number) => x.toFixed(digits).replace("-", "−");
  return ci.halfWidth === null
    ? f(ci.mean)
    : `${f(ci.mean)}, sd ${ci.sd.toFixed(digits)} (95 % CI ${f(ci.low!)} … ${f(ci.high!)})`;
}

/**
 * Markdown for the seed groups of `summary` ("" when no group has two finished runs).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seedsSection } from "./seeds_section.ts";
 * const run = (id: string, valLoss: number) => ({ id, status: "finished", valLoss, valBpc: null });
 * const md = seedsSection({
 *   experiment: "x", description: "", task: "charlm", createdAt: "", quick: false,
 *   // deno-lint-ignore no-explicit-any
 *   runs: [run("rnn-seed=1", 1), run("rnn-seed=2", 3)] as any,
 * });
 * assert(md.includes("| runs | seeds | val loss |")); // no bpc numbers, no bpc columns
 * assert(md.includes("| rnn | 2 | 2.0000, sd 1.4142 (95 % CI −10.7062 … 14.7062) |"));
 * ```
 */
export function seedsSection(summary: ExperimentSummary): string {
  const metrics = [[VAL_LOSS, 4], [VAL_BPC, 3], [TEST_BPC, 3]] as const;
  const groups = groupBySeed(summary.runs).filter((group) =>
    seedGroup(group.runs[0].id) !== undefined &&
    group.runs.filter((r) => VAL_LOSS.of(r) !== null).length >= 2
  );
  if (!groups.length) return "";
  // Columns no group has a number for (bpc on the memory and forecast tasks) are left out.
  const shown = metrics.filter(([metric]) =>
    groups.some((group) => groupInterval(group, metric) !== null)
  );
  const rows = groups.map((group) => {
    const ended = group.runs.filter((r) => VAL_LOSS.of(r) !== null).length;
    const notEnded = group.runs.length - ended;
    return `| ${group.id} | ${ended}${notEnded ? ` (+${notEnded} not finished)` : ""} | ${
      shown.map(([metric, digits]) => cell(groupInterval(group, metric), digits)).join(" | ")
    } |`;
  });
  return [
    "## Across seeds",
    "",
    "Runs that differ only in `training.seed`, grouped: mean, sample standard deviation (sd) " +
    "and the 95 % interval of the mean (Student's t with seeds − 1 degrees of freedom) of the " +
    "scored numbers; elsewhere in this report ± is that interval's half width. Comparisons " +
    "between groups pair the runs by seed.",
    "",
    `| runs | seeds | ${shown.map(([metric]) => metric.name).join(" | ")} |`,
    `| --- | --- | ${shown.map(() => "---").join(" | ")} |`,
    ...rows,
    "",
  ].join("\n");
}
