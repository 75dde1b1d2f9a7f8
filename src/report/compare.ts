/**
 * Compare two output folders run by run ("did my change help?"): runs are matched by id, and for
 * each metric the table shows A, B, B − A and whether B is better or worse.
 * @module
 */
import type { Summary } from "./read.ts";

/** Key of a series model in baselines and comparisons. */
export function seriesKey(series: string, horizon: number | undefined, model: string): string {
  return `${series}/h${horizon ?? 1}/${model}`;
}

/** Key of a long-memory task result: task (and variant, if another), lag, cell. */
export function taskKey(
  t: { task: string; lag: number; cell: string; variant?: unknown },
): string {
  const variant = typeof t.variant === "string" && t.variant !== t.task ? `:${t.variant}` : "";
  return `${t.task}${variant}/lag${t.lag}/${t.cell}`;
}

/** Which way is better for a metric; `none` means a change is neither good nor bad. */
export type Direction = "lower" | "higher" | "none";

/** The per-run metrics compared, with their better direction. */
export const RUN_METRICS: readonly { key: string; direction: Direction }[] = [
  { key: "valLoss", direction: "lower" },
  { key: "valBpc", direction: "lower" },
  { key: "valPpl", direction: "lower" },
  { key: "trainLoss", direction: "lower" },
  { key: "charsPerSec", direction: "higher" },
  { key: "clipRate", direction: "none" },
];

/** The per-series forecast metrics compared (issue 5), all lower-is-better. */
export const SERIES_METRICS: readonly string[] = ["mae", "rmse", "mase", "smape", "owa"];

/** Verdict of B against A. */
export type Verdict = "better" | "worse" | "same" | "changed" | "n/a";

/** One line of the comparison. */
export interface CompareRow {
  run: string;
  metric: string;
  a: number | null;
  b: number | null;
  /** B − A, or null when either is missing. */
  delta: number | null;
  verdict: Verdict;
}

/** The whole comparison of two summaries. */
export interface Comparison {
  experimentA: string;
  experimentB: string;
  rows: CompareRow[];
  /** Ids (runs, series models, tasks) present only in A or only in B. */
  onlyA: string[];
  onlyB: string[];
}

/**
 * Verdict of moving from `a` to `b` for a metric with `direction`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { verdictOf } from "./compare.ts";
 * assert(verdictOf(3.2, 3.1, "lower") === "better");
 * assert(verdictOf(1000, 900, "higher") === "worse");
 * assert(verdictOf(2, 2, "lower") === "same");
 * ```
 */
export function verdictOf(a: number | null, b: number | null, direction: Direction): Verdict {
  if (a === null || b === null) return "n/a";
  const delta = b - a;
  if (Math.abs(delta) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b), 1)) return "same";
  if (direction === "none") return "changed";
  return (delta < 0) === (direction === "lower") ? "better" : "worse";
}

function value(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

function row(run: string, metric: string, a: unknown, b: unknown, d: Direction): CompareRow {
  const va = value(a);
  const vb = value(b);
  return {
    run,
    metric,
    a: va,
    b: vb,
    delta: va === null || vb === null ? null : vb - va,
    verdict: verdictOf(va, vb, d),
  };
}

function seriesRows(summary: Summary): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  for (const s of summary.series ?? []) {
    for (const m of s.models ?? []) {
      map.set(seriesKey(s.series, s.horizon, m.name), m);
    }
  }
  return map;
}

function taskRows(summary: Summary): Map<string, Record<string, unknown>> {
  return new Map((summary.tasks ?? []).map((t) => [taskKey(t), { ...t }]));
}

/**
 * Compare summary B against summary A.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { compareSummaries } from "./compare.ts";
 * const a = { experiment: "x", runs: [{ id: "lstm", valBpc: 3.2 }, { id: "rnn", valBpc: 3.5 }] };
 * const b = { experiment: "x", runs: [{ id: "lstm", valBpc: 3.1 }] };
 * const c = compareSummaries(a, b);
 * const bpc = c.rows.find((r) => r.run === "lstm" && r.metric === "valBpc")!;
 * assert(bpc.verdict === "better" && Math.abs(bpc.delta! + 0.1) < 1e-9);
 * assert(c.onlyA[0] === "rnn");
 * ```
 */
export function compareSummaries(a: Summary, b: Summary): Comparison {
  const rows: CompareRow[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  const runsB = new Map(b.runs.map((r) => [r.id, r]));
  for (const runA of a.runs) {
    const runB = runsB.get(runA.id);
    if (!runB) {
      onlyA.push(runA.id);
      continue;
    }
    for (const { key, direction } of RUN_METRICS) {
      rows.push(row(runA.id, key, runA[key], runB[key], direction));
    }
  }
  const idsA = new Set(a.runs.map((r) => r.id));
  onlyB.push(...b.runs.filter((r) => !idsA.has(r.id)).map((r) => r.id));

  const matchMaps = (
    mapA: Map<string, Record<string, unknown>>,
    mapB: Map<string, Record<string, unknown>>,
    add: (id: string, x: Record<string, unknown>, y: Record<string, unknown>) => void,
  ) => {
    for (const [id, x] of mapA) {
      const y = mapB.get(id);
      if (y) add(id, x, y);
      else onlyA.push(id);
    }
    for (const id of mapB.keys()) if (!mapA.has(id)) onlyB.push(id);
  };
  matchMaps(seriesRows(a), seriesRows(b), (id, x, y) => {
    for (const metric of SERIES_METRICS) {
      if (x[metric] !== undefined || y[metric] !== undefined) {
        rows.push(row(id, metric, x[metric], y[metric], "lower"));
      }
    }
  });
  matchMaps(taskRows(a), taskRows(b), (id, x, y) => {
    const solved = (t: Record<string, unknown>) => typeof t.solved === "boolean" ? +t.solved : null;
    rows.push(row(id, "solved", solved(x), solved(y), "higher"));
    if (x.stepsToSolve != null || y.stepsToSolve != null) {
      rows.push(row(id, "stepsToSolve", x.stepsToSolve, y.stepsToSolve, "lower"));
    }
  });
  return { experimentA: a.experiment, experimentB: b.experiment, rows, onlyA, onlyB };
}

/** A number for a table: 4 significant digits; integers and values ≥ 1000 rounded whole. */
export function formatNumber(x: number | null): string {
  if (x === null) return "–";
  if (Math.abs(x) >= 1000 || (Number.isInteger(x) && x !== 0)) return String(Math.round(x));
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function formatDelta(r: CompareRow): string {
  if (r.delta === null) return "–";
  const sign = r.delta > 0 ? "+" : r.delta < 0 ? "−" : "±";
  const abs = formatNumber(Math.abs(r.delta));
  const pct = r.a !== null && r.a !== 0 && r.delta !== 0
    ? ` (${sign}${Math.abs((r.delta / r.a) * 100).toFixed(1)}%)`
    : "";
  return `${sign}${abs}${pct}`;
}

/**
 * The comparison as a Markdown table (run, metric, A, B, delta, better/worse), plus the runs that
 * only one side has.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { compareSummaries, comparisonMarkdown } from "./compare.ts";
 * const a = { experiment: "x", runs: [{ id: "lstm", valBpc: 3.2 }] };
 * const b = { experiment: "x", runs: [{ id: "lstm", valBpc: 3.1 }] };
 * const md = comparisonMarkdown(compareSummaries(a, b), "before", "after");
 * assert(md.includes("| lstm | valBpc | 3.2 | 3.1 | −0.1 (−3.1%) | better |"));
 * ```
 */
export function comparisonMarkdown(c: Comparison, labelA: string, labelB: string): string {
  const lines = [
    `# Compare: B against A`,
    "",
    `- A: \`${labelA}\` (${c.experimentA})`,
    `- B: \`${labelB}\` (${c.experimentB})`,
    "",
    "delta = B − A. Lower is better for loss, bpc, ppl, MAE, RMSE, MASE, sMAPE and steps to solve;",
    "higher for chars/s and solved; clip rate is shown without a verdict.",
    "",
  ];
  if (c.experimentA !== c.experimentB) {
    lines.push(
      `**Note:** the folders hold different experiments; runs are matched by id only.`,
      "",
    );
  }
  if (c.rows.length === 0) lines.push("No runs in common.", "");
  else {
    lines.push(
      "| run | metric | A | B | delta | better/worse |",
      "| --- | --- | --: | --: | --: | --- |",
    );
    for (const r of c.rows) {
      lines.push(
        `| ${r.run} | ${r.metric} | ${formatNumber(r.a)} | ${formatNumber(r.b)} | ${
          formatDelta(r)
        } | ${r.verdict} |`,
      );
    }
    lines.push("");
    const better = c.rows.filter((r) => r.verdict === "better").length;
    const worse = c.rows.filter((r) => r.verdict === "worse").length;
    lines.push(`${better} better, ${worse} worse, ${c.rows.length - better - worse} other.`, "");
  }
  if (c.onlyA.length) lines.push(`Only in A: ${c.onlyA.join(", ")}.`, "");
  if (c.onlyB.length) lines.push(`Only in B: ${c.onlyB.join(", ")}.`, "");
  return lines.join("\n");
}
