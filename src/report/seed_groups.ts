/**
 * Runs that differ only in `training.seed` form a group; two groups are compared by the paired
 * difference of their scores (the same seed on both sides), with a Student's t 95 % interval. A
 * difference counts only when its interval excludes zero, otherwise it is within seed noise. From
 * the seed-mean eval curves, {@link crossover} finds from how many characters on one group stays
 * ahead of the other.
 * @module
 */
import type { RunSummary } from "./summary.ts";
import { SEED_LABEL, seedGroup } from "../config/grid.ts";
import {
  differenceVerdict,
  formatInterval,
  type Interval,
  meanInterval,
  pairedDifference,
} from "../metrics/intervals.ts";

/** Runs that differ only in their seed. */
export interface SeedGroup {
  /** The runs' id without the `seed=N` label (a run without one is a group of its own). */
  id: string;
  runs: RunSummary[];
}

export { seedGroup };

/** A run's seed: its `seed` field, else its id's `seed=N` label, else null. */
export function seedOf(run: RunSummary): number | null {
  if (typeof run.seed === "number") return run.seed;
  const match = SEED_LABEL.exec(run.id);
  return match ? Number(match[2]) : null;
}

/**
 * Runs grouped by {@link seedGroup}, in the order of their first run; a run without a seed label
 * forms a group of one under its own id.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { groupBySeed } from "./seed_groups.ts";
 * const run = (id: string) => ({ id }) as never;
 * const groups = groupBySeed([run("rnn-seed=1"), run("lstm-seed=1"), run("rnn-seed=2"), run("x")]);
 * assert(groups.map((g) => `${g.id}:${g.runs.length}`).join() === "rnn:2,lstm:1,x:1");
 * ```
 */
export function groupBySeed(runs: readonly RunSummary[]): SeedGroup[] {
  const groups = new Map<string, SeedGroup>();
  for (const run of runs) {
    const id = seedGroup(run.id) ?? run.id;
    if (!groups.has(id)) groups.set(id, { id, runs: [] });
    groups.get(id)!.runs.push(run);
  }
  return [...groups.values()];
}

/** A named number of a run (null when the run did not produce it). */
export interface Metric {
  /** As the report writes it, e.g. "test bpc". */
  name: string;
  of(run: RunSummary): number | null;
  /** Decimals a report shows (3 unless set; small scores such as an MSE need more). */
  digits?: number;
}

const finite = (x: unknown): number | null =>
  typeof x === "number" && Number.isFinite(x) ? x : null;

/** Test bits per character at the scored checkpoint (null for a run that did not finish). */
export const TEST_BPC: Metric = {
  name: "test bpc",
  of: (run) => run.status === "finished" ? finite(run.testBpc) : null,
};

/** Validation bits per character at the scored checkpoint. */
export const VAL_BPC: Metric = {
  name: "val bpc",
  of: (run) => run.status === "finished" ? finite(run.valBpc) : null,
};

/** The metric the comparisons of `runs` use: test bpc when every finished run has it, else val bpc. */
export function scoreMetric(runs: readonly RunSummary[]): Metric {
  const finished = runs.filter((r) => r.status === "finished");
  return finished.length && finished.every((r) => TEST_BPC.of(r) !== null) ? TEST_BPC : VAL_BPC;
}

/** Mean, sd and 95 % interval of `metric` over a group's runs that have it. */
export function groupInterval(group: SeedGroup, metric: Metric): Interval | null {
  return meanInterval(group.runs.map(metric.of).filter((x): x is number => x !== null));
}

/** Two groups compared by the paired difference `a − b` of a metric. */
export interface Comparison {
  a: string;
  b: string;
  metric: string;
  /** Seeds with the metric on both sides. */
  seeds: number[];
  /** The paired difference a − b with its interval (null without a common seed). */
  difference: Interval | null;
  /** `a lower` / `b lower` only when the interval excludes 0. */
  outcome: "a lower" | "b lower" | "inconclusive";
}

/**
 * Compare `a` and `b` seed by seed: the paired difference `a − b` of `metric` over the seeds both
 * groups ran (runs without a seed pair up only with each other).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { compareGroups, groupBySeed, TEST_BPC } from "./seed_groups.ts";
 * const run = (id: string, testBpc: number) => ({ id, status: "finished", testBpc }) as never;
 * const [lstm, rnn] = groupBySeed([
 *   run("lstm-seed=1", 2.40), run("lstm-seed=2", 2.45), run("lstm-seed=3", 2.42),
 *   run("rnn-seed=1", 2.50), run("rnn-seed=2", 2.56), run("rnn-seed=3", 2.51),
 * ]);
 * const c = compareGroups(lstm, rnn, TEST_BPC);
 * assert(c.outcome === "a lower" && c.seeds.length === 3);
 * ```
 */
export function compareGroups(a: SeedGroup, b: SeedGroup, metric: Metric): Comparison {
  const bySeed = (group: SeedGroup) => {
    const values = new Map<number | null, number>();
    for (const run of group.runs) {
      const value = metric.of(run);
      if (value !== null) values.set(seedOf(run), value);
    }
    return values;
  };
  const left = bySeed(a);
  const right = bySeed(b);
  const seeds = [...left.keys()].filter((s) => right.has(s));
  const difference = seeds.length
    ? pairedDifference(seeds.map((s) => left.get(s)!), seeds.map((s) => right.get(s)!))
    : null;
  const verdict = differenceVerdict(difference);
  return {
    a: a.id,
    b: b.id,
    metric: metric.name,
    seeds: seeds.filter((s): s is number => s !== null),
    difference,
    outcome: verdict === "below" ? "a lower" : verdict === "above" ? "b lower" : "inconclusive",
  };
}

/** Why a comparison is inconclusive, in words. */
export function inconclusiveReason(c: Comparison): string {
  if (!c.difference) return "inconclusive (no run of both finished)";
  if (c.difference.halfWidth === null) return "inconclusive (one seed: its noise is unknown)";
  return "inconclusive (within seed noise)";
}

/**
 * One sentence: the difference of means, its paired 95 % interval, and what it allows.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { comparisonSentence } from "./seed_groups.ts";
 * const c = {
 *   a: "lstm", b: "rnn", metric: "test bpc", seeds: [1, 2, 3], outcome: "inconclusive" as const,
 *   difference: { n: 3, mean: -0.01, sd: 0.02, halfWidth: 0.05, low: -0.06, high: 0.04, level: 0.95 },
 * };
 * assert(comparisonSentence(c) ===
 *   "lstm − rnn, test bpc: −0.010 ± 0.050 (95 % CI −0.060 … 0.040; 3 paired seeds): " +
 *     "inconclusive (within seed noise).");
 * ```
 */
export function comparisonSentence(c: Comparison, digits = 3): string {
  const head = `${c.a} − ${c.b}, ${c.metric}`;
  if (!c.difference) return `${head}: ${inconclusiveReason(c)}.`;
  const interval = c.difference.halfWidth === null
    ? formatInterval(c.difference, digits)
    : formatInterval(c.difference, digits).replace(/\)$/, `; ${c.difference.n} paired seeds)`);
  const said = c.outcome === "a lower"
    ? `${c.a} is lower`
    : c.outcome === "b lower"
    ? `${c.b} is lower`
    : inconclusiveReason(c);
  return `${head}: ${interval}: ${said}.`;
}

/** Where group `a`'s seed-mean eval curve stays below group `b`'s. */
export interface Crossover {
  /** Characters seen at the first eval from which `a` is below `b` at every later eval; null if `a` is not below at the last. */
  aheadFrom: number | null;
  /** Characters seen at the last eval both curves have (the budget judged). */
  budget: number;
  /** Evals both curves have. */
  points: number;
}

/**
 * From the seed-mean curves of `key` (lower is better) over the evals every finished run of both
 * groups has: from how many characters seen on `a` stays ahead of (below) `b`. Null without a
 * common eval.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { crossover } from "./seed_groups.ts";
 * const run = (id: string, losses: number[]) => ({
 *   id, status: "finished", steps: 300, charsSeen: 300_000,
 *   evals: losses.map((valLoss, i) => ({ step: 100 * (i + 1), valLoss })),
 * }) as never;
 * const lstm = { id: "lstm", runs: [run("lstm", [3.0, 2.2, 2.0])] };
 * const rnn = { id: "rnn", runs: [run("rnn", [2.8, 2.3, 2.1])] };
 * assert(crossover(lstm, rnn)!.aheadFrom === 200_000); // behind at the first eval, ahead after
 * assert(crossover(rnn, lstm)!.aheadFrom === null);
 * ```
 */
export function crossover(a: SeedGroup, b: SeedGroup, key = "valLoss"): Crossover | null {
  const runs = [...a.runs, ...b.runs].filter((r) => r.status === "finished");
  const finishedOf = (g: SeedGroup) => g.runs.filter((r) => r.status === "finished");
  if (!finishedOf(a).length || !finishedOf(b).length) return null;
  const stepsOf = (r: RunSummary) =>
    new Set(r.evals.filter((e) => Number.isFinite(e[key])).map((e) => e.step));
  const common = [...stepsOf(runs[0])].filter((s) => runs.every((r) => stepsOf(r).has(s)))
    .sort((x, y) => x - y);
  if (!common.length) return null;
  const charsPerStep = runs[0].steps > 0 ? runs[0].charsSeen / runs[0].steps : 0;
  const meanAt = (g: SeedGroup, step: number) => {
    const values = finishedOf(g).map((r) => r.evals.find((e) => e.step === step)![key]);
    return values.reduce((s, x) => s + x, 0) / values.length;
  };
  let from: number | null = null;
  for (const step of common) {
    if (meanAt(a, step) < meanAt(b, step)) from ??= step;
    else from = null;
  }
  return {
    aheadFrom: from === null ? null : from * charsPerStep,
    budget: common.at(-1)! * charsPerStep,
    points: common.length,
  };
}

/**
 * Characters in words: `1.2 M`, `350 k`, `900`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { formatChars } from "./seed_groups.ts";
 * assert(formatChars(4_096_000) === "4.1 M" && formatChars(204_800) === "205 k");
 * ```
 */
export function formatChars(chars: number): string {
  if (chars >= 1e6) return `${(chars / 1e6).toFixed(1)} M`;
  if (chars >= 1e3) return `${Math.round(chars / 1e3)} k`;
  return String(Math.round(chars));
}

/** "a is ahead of b from N characters on (budget M)" or "a is not ahead of b within this budget". */
export function crossoverSentence(a: string, b: string, c: Crossover | null): string {
  if (!c) return `${a} vs ${b}: no common eval curve.`;
  const budget = `${formatChars(c.budget)} characters`;
  if (c.aheadFrom === null) {
    return `${a} is not ahead of ${b} within this budget (${budget}; seed-mean val loss).`;
  }
  return `${a} is ahead of ${b} from ${formatChars(c.aheadFrom)} characters on, to the end of ` +
    `the budget (${budget}; seed-mean val loss, ${c.points} evals).`;
}
