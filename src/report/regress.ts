/**
 * Regression check logic (pure): baselines from a summary, a summary checked against its
 * baseline, throughput and bench ratios, and the Markdown report. Running the suite is
 * `src/cli/regress.ts`.
 *
 * Quality metrics (val bpc/loss, MASE, solved lags) are deterministic per seed and backend, so
 * they fail beyond a small tolerance. Throughput is compared only as ratios measured in the same
 * process (lstm vs rnn chars/s; fused vs reference bench), and only warns: this machine's speed
 * varies up to 3× between runs.
 * @module
 */
import type { Summary } from "./read.ts";
import { formatNumber, seriesKey, taskKey } from "./compare.ts";

export { seriesKey, taskKey };

/** A tolerance: a difference counts when it exceeds max(abs, rel × |baseline|). */
export interface Tolerance {
  abs: number;
  rel: number;
}

/** Default quality tolerances, written into every new baseline file. */
export const DEFAULT_TOLERANCES: Readonly<Record<string, Tolerance>> = {
  // Same seed + backend reproduce these exactly; the slack only absorbs float reassociation
  // from harmless refactors. A real learning regression moves quick-run bpc by more than this.
  valBpc: { abs: 0.02, rel: 0 },
  // Relative for loss: nats for char-LM (≈ 0.0125 at loss 2.5), MSE near 0 for the adding task.
  valLoss: { abs: 0.001, rel: 0.005 },
  mase: { abs: 0.02, rel: 0.02 },
};

/** A throughput ratio that fell by more than this fraction is flagged (warning only): small CI
 * benches on a shared 2-core machine move by tens of percent between runs. */
export const THROUGHPUT_WARN_DROP = 0.5;

/** The committed baseline of one experiment (`baselines/<experiment>.json`). */
export interface Baseline {
  experiment: string;
  note: string;
  command: string;
  createdAt: string;
  tolerances: Record<string, Tolerance>;
  /** Per run id: final quality metrics (null when the run diverged). */
  runs: Record<string, { valBpc: number | null; valLoss: number | null; status?: string }>;
  /** Per `series/h<horizon>/<model>`: test MASE (issue 5). */
  series?: Record<string, { mase: number | null }>;
  /** Per `task/lag<lag>/<cell>`: whether it was solved (issue 4). */
  tasks?: Record<string, { solved: boolean }>;
  /** Throughput ratios at baseline time, for information and warnings only. */
  throughput?: Record<string, number>;
}

/** Verdict of one quality metric. */
export type QualityVerdict = "ok" | "improved" | "REGRESSED" | "new";

/** One quality line of the report. */
export interface QualityRow {
  experiment: string;
  item: string;
  metric: string;
  baseline: number | boolean | null;
  now: number | boolean | null;
  delta: number | null;
  tolerance: string;
  verdict: QualityVerdict;
  note?: string;
}

/** One throughput line (ratio) of the report. */
export interface ThroughputRow {
  source: string;
  ratio: string;
  baseline: number | null;
  now: number | null;
  verdict: "ok" | "warn" | "new";
}

function finite(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/**
 * Throughput ratios measured within one experiment: each non-RNN run's chars/s over the chars/s
 * of its RNN twin, the run whose id has "rnn" in place of the cell (`lstm-h128` → `rnn-h128`,
 * `lag=25-lstm` → `lag=25-rnn`). Runs without a twin get no ratio.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { throughputRatios } from "./regress.ts";
 * const r = throughputRatios({ experiment: "x", runs: [
 *   { id: "rnn-h128", cell: "rnn", charsPerSec: 4000 },
 *   { id: "lstm-h128", cell: "lstm", charsPerSec: 1000 },
 *   { id: "gru-h64", cell: "gru", charsPerSec: 1000 },
 * ] });
 * assert(JSON.stringify(r) === '{"lstm-h128 / rnn-h128 chars/s":0.25}');
 * ```
 */
export function throughputRatios(summary: Summary): Record<string, number> {
  const ratios: Record<string, number> = {};
  const speeds = new Map(summary.runs.map((r) => [r.id, finite(r.charsPerSec)]));
  for (const run of summary.runs) {
    const speed = finite(run.charsPerSec);
    if (!run.cell || run.cell === "rnn" || speed === null) continue;
    const twin = run.id.replace(new RegExp(`(^|[^a-z])${run.cell}(?![a-z])`), "$1rnn");
    const twinSpeed = twin === run.id ? null : speeds.get(twin) ?? null;
    if (twinSpeed) ratios[`${run.id} / ${twin} chars/s`] = speed / twinSpeed;
  }
  return ratios;
}

/** The `deno bench --json` output, as far as ratios need it. */
export interface BenchJson {
  benches: {
    group: string | null;
    name: string;
    baseline: boolean;
    results: { ok?: { avg: number } }[];
  }[];
}

/**
 * Speed-ups within each bench group: the group's baseline bench (or its first) time over each
 * other bench's time, so 2 means twice as fast as the baseline. Absolute times are not kept.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { benchRatios } from "./regress.ts";
 * const r = benchRatios({ benches: [
 *   { group: "lstm", name: "reference", baseline: true, results: [{ ok: { avg: 10 } }] },
 *   { group: "lstm", name: "fused", baseline: false, results: [{ ok: { avg: 4 } }] },
 * ] });
 * assert(r["lstm: fused vs reference (speed-up)"] === 2.5);
 * ```
 */
export function benchRatios(bench: BenchJson): Record<string, number> {
  const groups = new Map<string, { name: string; baseline: boolean; avg: number }[]>();
  for (const b of bench.benches ?? []) {
    const avg = b.results?.[0]?.ok?.avg;
    if (!b.group || typeof avg !== "number" || !(avg > 0)) continue;
    groups.set(b.group, [...(groups.get(b.group) ?? []), { ...b, avg }]);
  }
  const ratios: Record<string, number> = {};
  for (const [group, benches] of groups) {
    if (benches.length < 2) continue;
    const base = benches.find((b) => b.baseline) ?? benches[0];
    for (const b of benches) {
      if (b === base) continue;
      // Bench names often repeat the group ("lstm train fused"): keep only what differs.
      const short = (name: string) =>
        name.startsWith(group) ? name.slice(group.length).trim() : name;
      ratios[`${group}: ${short(b.name)} vs ${short(base.name)} (speed-up)`] = base.avg / b.avg;
    }
  }
  return ratios;
}

/** Build a baseline from a summary, keeping the tolerances (and note) of `previous` if given. */
export function baselineFromSummary(
  summary: Summary,
  command: string,
  previous?: Baseline,
): Baseline {
  const baseline: Baseline = {
    experiment: summary.experiment,
    note: previous?.note ??
      "Regression baseline for `deno task regress` (quick profile, wasm, the experiment " +
        "file's fixed seeds). Quality metrics fail when now − baseline exceeds " +
        "max(abs, rel × |baseline|) in the worse direction (val bpc/loss and MASE: higher is " +
        "worse; a solved task that is no longer solved fails). Throughput ratios only warn, " +
        `when a ratio drops by more than ${THROUGHPUT_WARN_DROP * 100}%. ` +
        "Regenerate with `deno task regress --update` after an intended change.",
    command,
    createdAt: summary.createdAt ?? new Date().toISOString(),
    tolerances: previous?.tolerances ?? { ...DEFAULT_TOLERANCES },
    runs: Object.fromEntries(summary.runs.map((r) => [r.id, {
      valBpc: finite(r.valBpc),
      valLoss: finite(r.valLoss),
      status: r.status,
    }])),
  };
  if (summary.series?.length) {
    baseline.series = {};
    for (const s of summary.series) {
      for (const m of s.models ?? []) {
        baseline.series[seriesKey(s.series, s.horizon, m.name)] = { mase: finite(m.mase) };
      }
    }
  }
  if (summary.tasks?.length) {
    baseline.tasks = Object.fromEntries(
      summary.tasks.map((t) => [taskKey(t), { solved: !!t.solved }]),
    );
  }
  const ratios = throughputRatios(summary);
  if (Object.keys(ratios).length) baseline.throughput = ratios;
  return baseline;
}

function toleranceOf(baseline: Baseline, metric: string): Tolerance {
  return baseline.tolerances?.[metric] ?? DEFAULT_TOLERANCES[metric] ?? { abs: 0, rel: 0 };
}

function describeTolerance(t: Tolerance): string {
  if (t.rel === 0) return `±${t.abs}`;
  if (t.abs === 0) return `±${t.rel * 100}%`;
  return `±max(${t.abs}, ${t.rel * 100}%)`;
}

/**
 * Verdict of a lower-is-better metric against its baseline.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { lowerIsBetterVerdict } from "./regress.ts";
 * const t = { abs: 0.02, rel: 0 };
 * assert(lowerIsBetterVerdict(3.00, 3.01, t) === "ok");
 * assert(lowerIsBetterVerdict(3.00, 3.05, t) === "REGRESSED");
 * assert(lowerIsBetterVerdict(3.00, 2.90, t) === "improved");
 * assert(lowerIsBetterVerdict(3.00, null, t) === "REGRESSED"); // diverged now
 * ```
 */
export function lowerIsBetterVerdict(
  baseline: number | null,
  now: number | null,
  tolerance: Tolerance,
): QualityVerdict {
  if (baseline === null) return now === null ? "ok" : "improved";
  if (now === null) return "REGRESSED";
  const slack = Math.max(tolerance.abs, tolerance.rel * Math.abs(baseline));
  const delta = now - baseline;
  // A tiny epsilon so a value exactly at the tolerance edge passes despite float noise.
  if (delta > slack + 1e-12) return "REGRESSED";
  if (delta < -slack - 1e-12) return "improved";
  return "ok";
}

/** Check a summary against its baseline: one row per baseline metric, plus new items. */
export function checkQuality(baseline: Baseline, summary: Summary): QualityRow[] {
  const experiment = baseline.experiment;
  const rows: QualityRow[] = [];
  const numeric = (
    item: string,
    metric: string,
    base: number | null,
    now: number | null,
    note?: string,
  ) => {
    const t = toleranceOf(baseline, metric);
    rows.push({
      experiment,
      item,
      metric,
      baseline: base,
      now,
      delta: base === null || now === null ? null : now - base,
      tolerance: describeTolerance(t),
      verdict: lowerIsBetterVerdict(base, now, t),
      ...(note ? { note } : {}),
    });
  };
  const runs = new Map(summary.runs.map((r) => [r.id, r]));
  for (const [id, base] of Object.entries(baseline.runs ?? {})) {
    const run = runs.get(id);
    const note = !run
      ? "run missing"
      : run.status && run.status !== "finished" && base.status === "finished"
      ? `run ${run.status}`
      : undefined;
    for (const metric of ["valBpc", "valLoss"] as const) {
      const now = finite(run?.[metric]);
      // Tasks without the metric (no bpc for forecasting) have null on both sides: no row.
      if (base[metric] === undefined || (base[metric] === null && now === null && !note)) continue;
      numeric(id, metric, base[metric], now, note);
    }
  }
  for (const run of summary.runs) {
    if (baseline.runs && !(run.id in baseline.runs)) {
      rows.push({
        experiment,
        item: run.id,
        metric: "valBpc",
        baseline: null,
        now: finite(run.valBpc),
        delta: null,
        tolerance: "–",
        verdict: "new",
        note: "not in baseline",
      });
    }
  }
  const nowSeries = new Map<string, number | null>();
  for (const s of summary.series ?? []) {
    for (const m of s.models ?? []) {
      nowSeries.set(seriesKey(s.series, s.horizon, m.name), finite(m.mase));
    }
  }
  for (const [key, base] of Object.entries(baseline.series ?? {})) {
    numeric(
      key,
      "mase",
      base.mase,
      nowSeries.get(key) ?? null,
      nowSeries.has(key) ? undefined : "missing",
    );
  }
  const nowTasks = new Map(
    (summary.tasks ?? []).map((t) => [taskKey(t), !!t.solved]),
  );
  for (const [key, base] of Object.entries(baseline.tasks ?? {})) {
    const now = nowTasks.get(key) ?? null;
    rows.push({
      experiment,
      item: key,
      metric: "solved",
      baseline: base.solved,
      now,
      delta: null,
      tolerance: "exact",
      verdict: base.solved && now !== true ? "REGRESSED" : !base.solved && now ? "improved" : "ok",
      ...(now === null ? { note: "missing" } : {}),
    });
  }
  return rows;
}

/** Compare throughput ratios with their baseline values; a drop beyond the threshold warns. */
export function checkThroughput(
  source: string,
  baseline: Record<string, number> | undefined,
  now: Record<string, number>,
): ThroughputRow[] {
  const rows: ThroughputRow[] = [];
  for (const [ratio, value] of Object.entries(now)) {
    const base = baseline?.[ratio] ?? null;
    rows.push({
      source,
      ratio,
      baseline: base,
      now: value,
      verdict: base === null ? "new" : value < base * (1 - THROUGHPUT_WARN_DROP) ? "warn" : "ok",
    });
  }
  return rows;
}

/** Everything one regression check found. */
export interface RegressResult {
  quality: QualityRow[];
  throughput: ThroughputRow[];
  /** Messages that do not fail the check (missing baselines, skipped experiments, …). */
  warnings: string[];
  /** Problems that fail the check on their own (an experiment that crashed, …). */
  failures: string[];
}

/** True when the check must fail: a quality regression or a failure. */
export function isRegression(result: RegressResult): boolean {
  return result.failures.length > 0 || result.quality.some((r) => r.verdict === "REGRESSED");
}

function cell(x: number | boolean | null): string {
  if (x === null) return "–";
  if (typeof x === "boolean") return x ? "yes" : "no";
  return formatNumber(x);
}

function signed(x: number | null): string {
  if (x === null) return "–";
  return `${x > 0 ? "+" : x < 0 ? "−" : "±"}${formatNumber(Math.abs(x))}`;
}

/** The regression report as Markdown. */
export function regressionReport(
  result: RegressResult,
  meta: { createdAt: string; baselinesDir: string; updated: boolean },
): string {
  const failed = isRegression(result);
  const regressions = result.quality.filter((r) => r.verdict === "REGRESSED").length;
  const lines = [
    `# Regression check — ${meta.createdAt}`,
    "",
    `**Verdict: ${failed ? "FAIL" : "PASS"}**` +
    (failed
      ? ` (${regressions} quality regression(s)${
        result.failures.length ? `, ${result.failures.length} failure(s)` : ""
      })`
      : "") +
    (meta.updated ? ` — baselines in \`${meta.baselinesDir}\` were rewritten from this run` : ""),
    "",
    `Quick profile, wasm backend, the experiment files' fixed seeds; baselines from ` +
    `\`${meta.baselinesDir}\`. A quality metric fails when it is worse than its baseline by more ` +
    `than the tolerance (now − baseline for val bpc/loss and MASE; solved → unsolved for tasks). ` +
    `Throughput is compared as ratios within one process and only warns (drop > ` +
    `${THROUGHPUT_WARN_DROP * 100}%), since this machine's speed varies up to 3× between runs.`,
    "",
  ];
  if (result.failures.length) {
    lines.push("## Failures", "", ...result.failures.map((f) => `- ${f}`), "");
  }
  lines.push("## Quality (fails beyond tolerance)", "");
  if (result.quality.length === 0) lines.push("No quality metrics were compared.", "");
  else {
    lines.push(
      "| experiment | item | metric | baseline | now | delta | tolerance | verdict |",
      "| --- | --- | --- | --: | --: | --: | --- | --- |",
      ...result.quality.map((r) =>
        `| ${r.experiment} | ${r.item} | ${r.metric} | ${cell(r.baseline)} | ${cell(r.now)} | ${
          signed(r.delta)
        } | ${r.tolerance} | ${r.verdict}${r.note ? ` (${r.note})` : ""} |`
      ),
      "",
    );
  }
  lines.push("## Throughput ratios (warnings only)", "");
  if (result.throughput.length === 0) lines.push("No throughput ratios were measured.", "");
  else {
    lines.push(
      "| source | ratio | baseline | now | change | verdict |",
      "| --- | --- | --: | --: | --: | --- |",
      ...result.throughput.map((r) => {
        const change = r.baseline === null || r.now === null
          ? "–"
          : `${r.now >= r.baseline ? "+" : "−"}${
            Math.abs((r.now / r.baseline - 1) * 100).toFixed(0)
          }%`;
        return `| ${r.source} | ${r.ratio} | ${cell(r.baseline)} | ${
          cell(r.now)
        } | ${change} | ${r.verdict} |`;
      }),
      "",
    );
  }
  if (result.warnings.length) {
    lines.push("## Warnings", "", ...result.warnings.map((w) => `- ${w}`), "");
  }
  return lines.join("\n");
}
