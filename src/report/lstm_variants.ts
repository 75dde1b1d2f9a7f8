/**
 * The LSTM-variants section of `report.md` (Greff et al. 2015, "LSTM: A Search Space Odyssey"):
 * for an experiment whose runs contain the vanilla `lstm` and at least one LSTM variant (a cell
 * whose `CELL_VARIANT_OF` entry is `lstm`: cifg, nfg), every seed group labelled by cell and forget
 * bias, its score with a 95 % interval, and the paired difference to the vanilla LSTM — at the same
 * forget bias, or, for a cell without a forget gate, at forget bias 0 (PyTorch's default) and at
 * each other forget bias the LSTM ran — then Greff et al.'s two headline claims judged from those
 * differences: no variant beats the vanilla LSTM significantly, and removing the forget gate hurts
 * most. Other cells (gru) are shown but are no LSTM variant, so the verdicts leave them out.
 * @module
 */
import { CELL_VARIANT_OF } from "../config/common.ts";
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { table } from "./_section.ts";
import { fmt } from "./_format.ts";
import {
  compareGroups,
  type Comparison,
  formatChars,
  groupBySeed,
  groupInterval,
  inconclusiveReason,
  type Metric,
  scoreMetric,
  type SeedGroup,
} from "./seed_groups.ts";
import { formatInterval } from "../metrics/intervals.ts";

/** A long-memory run's test score (its `memory` entry), where the run finished. */
const memoryScore = (run: RunSummary): number | null => {
  const metric = (run.memory as { metric?: unknown } | undefined)?.metric;
  return run.status === "finished" && typeof metric === "number" && Number.isFinite(metric)
    ? metric
    : null;
};

/**
 * The score of the long-memory tasks, lower is better as every comparison here reads it: the
 * adding problem's test MSE, the copy task's test error (1 − accuracy).
 */
export const MEMORY_SCORES: Readonly<Record<string, Metric>> = {
  adding: { name: "test MSE", of: memoryScore, digits: 4 },
  copy: {
    name: "test error (1 − accuracy)",
    of: (run) => {
      const accuracy = memoryScore(run);
      return accuracy === null ? null : 1 - accuracy;
    },
  },
};

/** The vanilla cell the variants are compared with. */
export const VANILLA = "lstm";

/** The forget bias a cell without a forget gate is compared at first: PyTorch's default. */
export const DEFAULT_FORGET_BIAS = 0;

/**
 * Whether `cell` is an LSTM variant (its `CELL_VARIANT_OF` entry is `lstm`).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { isLstmVariant } from "./lstm_variants.ts";
 * assert(isLstmVariant("cifg") && isLstmVariant("nfg"));
 * assert(!isLstmVariant("lstm") && !isLstmVariant("gru"));
 * ```
 */
export function isLstmVariant(cell: string): boolean {
  return (CELL_VARIANT_OF as Record<string, string | undefined>)[cell] === VANILLA;
}

/** One seed group of the study, labelled by cell and forget bias. */
export interface CellGroup {
  cell: string;
  /** `model.forgetBias`; null for a cell without a forget gate, undefined where not stated. */
  forgetBias: number | null | undefined;
  /** `vanilla` (lstm), `variant` (an LSTM variant) or `other` (gru, rnn: shown, not judged). */
  role: "vanilla" | "variant" | "other";
  /** As the section writes it: `cifg, forget bias 1`, `nfg, forget bias n/a`. */
  label: string;
  group: SeedGroup;
}

/** A group's paired difference to one vanilla LSTM group (`group − lstm`; lower is better). */
export interface LstmComparison {
  of: CellGroup;
  lstm: CellGroup;
  /** The comparison the verdicts use (same forget bias, or forget bias 0 without a forget gate). */
  primary: boolean;
  comparison: Comparison;
  /** `better` / `worse` only where the interval excludes 0. */
  word: string;
}

/** A verdict on one of Greff et al.'s claims. */
export interface GreffVerdict {
  claim: string;
  verdict: "holds" | "does not hold" | "inconclusive" | "not judged";
  /** Why, in one sentence part. */
  why: string;
}

/** The study of one setting (the runs that differ only in cell, forget bias and seed). */
export interface GreffStudy {
  /** What else the setting's run ids name (`h128`), "" when nothing else varies. */
  setting: string;
  metric: Metric;
  groups: CellGroup[];
  comparisons: LstmComparison[];
  /** Variants with a forget gate whose forget bias no LSTM group ran at. */
  unmatched: CellGroup[];
  /** Steps and characters (items) seen per run, or null when they differ between the judged runs. */
  budget: { steps: number; chars: number } | null;
  /** The budgets seen, when they differ. */
  budgets: string[];
  verdicts: [GreffVerdict, GreffVerdict];
}

/** Greff et al.'s first claim. */
export const CLAIM_NO_BETTER = "No variant beats the vanilla LSTM significantly";
/** Greff et al.'s second claim. */
export const CLAIM_FORGET_GATE = "Removing the forget gate (nfg) hurts most";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The setting of a seed group: its id without the cell label and the `forgetBias=` label.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { settingOf } from "./lstm_variants.ts";
 * assert(settingOf("nfg-forgetBias=0", "nfg") === "");
 * assert(settingOf("lstm-h128-forgetBias=-1", "lstm") === "h128");
 * ```
 */
export function settingOf(groupId: string, cell: string): string {
  return groupId
    .replace(new RegExp(`(^|-)${escape(cell)}(?=-|$)`), "")
    .replace(/(^|-)forgetBias=-?[^-]*(?=-|$)/, "")
    .replace(/^-/, "");
}

const biasText = (bias: number | null | undefined) =>
  bias === null ? "n/a" : bias === undefined ? "not stated" : String(bias);

/** The cell groups of `runs`, by setting, in the order of their first run. */
function settings(runs: readonly RunSummary[]): Map<string, CellGroup[]> {
  const bySetting = new Map<string, CellGroup[]>();
  for (const group of groupBySeed(runs)) {
    const first = group.runs[0];
    const cell = String(first.cell);
    const setting = settingOf(group.id, cell);
    const forgetBias = first.forgetBias;
    const role = cell === VANILLA ? "vanilla" : isLstmVariant(cell) ? "variant" : "other";
    const label = `${cell} (${
      forgetBias === null ? "no forget gate" : `forget bias ${biasText(forgetBias)}`
    })`;
    if (!bySetting.has(setting)) bySetting.set(setting, []);
    bySetting.get(setting)!.push({ cell, forgetBias, role, label, group });
  }
  // Two groups with one label (e.g. nfg under two forget-bias labels, which do not apply): add ids.
  for (const groups of bySetting.values()) {
    const count = (label: string) => groups.filter((g) => g.label === label).length;
    for (const g of groups.filter((g) => count(g.label) > 1)) g.label += ` (${g.group.id})`;
  }
  return bySetting;
}

function word(c: Comparison): string {
  return c.outcome === "a lower"
    ? "better"
    : c.outcome === "b lower"
    ? "worse"
    : inconclusiveReason(c);
}

/** The LSTM groups a group is compared with: the first is the one its verdicts use. */
function referencesOf(g: CellGroup, lstms: CellGroup[]): CellGroup[] {
  if (g.forgetBias !== null) return lstms.filter((l) => l.forgetBias === g.forgetBias);
  const primary = lstms.find((l) => l.forgetBias === DEFAULT_FORGET_BIAS) ?? lstms[0];
  return primary ? [primary, ...lstms.filter((l) => l !== primary)] : [];
}

/** A number with a true minus sign. */
const signed = (x: number | null, digits = 3) => fmt(x, digits).replace("-", "−");

/**
 * `cifg (forget bias 1) − lstm (forget bias 1) = −0.114 test bpc (95 % CI −0.142 … −0.087)`, the
 * interval replaced by "one seed" without one.
 */
function differenceSentence(c: LstmComparison, metric: Metric): string {
  const d = c.comparison.difference!;
  const digits = metric.digits ?? 3;
  const ci = d.halfWidth === null
    ? "one seed"
    : `95 % CI ${signed(d.low, digits)} … ${signed(d.high, digits)}`;
  return `${c.of.label} − ${c.lstm.label} = ${signed(d.mean, digits)} ${metric.name} (${ci})`;
}

function verdictNoBetter(primary: LstmComparison[], metric: Metric): GreffVerdict {
  const claim = CLAIM_NO_BETTER;
  const variants = primary.filter((c) => c.of.role === "variant");
  if (!variants.length) {
    return { claim, verdict: "not judged", why: "no variant has an LSTM at its forget bias" };
  }
  const better = variants.filter((c) => c.comparison.outcome === "a lower");
  if (better.length) {
    return {
      claim,
      verdict: "does not hold",
      why: `${better.map((c) => c.of.label).join(", ")} ${
        better.length === 1 ? "is" : "are"
      } significantly better: ${better.map((c) => differenceSentence(c, metric)).join("; ")}`,
    };
  }
  const judged = variants.filter((c) => c.comparison.difference?.halfWidth != null);
  if (!judged.length) {
    return {
      claim,
      verdict: "inconclusive",
      why: `no variant has a paired interval (${inconclusiveReason(variants[0].comparison)})`,
    };
  }
  const named = (outcome: Comparison["outcome"]) =>
    judged.filter((c) => c.comparison.outcome === outcome).map((c) => c.of.label);
  const worse = named("b lower"), noise = named("inconclusive");
  const unjudged = variants.filter((c) => !judged.includes(c)).map((c) => c.of.label);
  return {
    claim,
    verdict: "holds",
    why: "no variant's paired interval lies entirely below 0" +
      (worse.length ? `; significantly worse: ${worse.join(", ")}` : "") +
      (noise.length ? `; within seed noise: ${noise.join(", ")}` : "") +
      (unjudged.length ? `; no interval (one seed): ${unjudged.join(", ")}` : ""),
  };
}

function verdictForgetGate(
  primary: LstmComparison[],
  groups: CellGroup[],
  metric: Metric,
): GreffVerdict {
  const claim = CLAIM_FORGET_GATE;
  // The variants without a forget gate (nfg): forget bias n/a.
  const gateless = groups.filter((g) => g.role === "variant" && g.forgetBias === null);
  if (!gateless.length) {
    return { claim, verdict: "not judged", why: "no LSTM variant without a forget gate (nfg) ran" };
  }
  const measured = primary.filter((c) => c.of.role === "variant" && c.comparison.difference);
  const mean = (c: LstmComparison) => c.comparison.difference!.mean;
  const nfg = measured.filter((c) => gateless.includes(c.of)).sort((a, b) => mean(b) - mean(a))[0];
  if (!nfg) {
    return {
      claim,
      verdict: "not judged",
      why: `${gateless.map((g) => g.label).join(", ")}: no run paired with a finished LSTM run`,
    };
  }
  // One seed: no interval, so no ranking of the differences is a verdict.
  if (nfg.comparison.difference!.halfWidth === null) {
    return {
      claim,
      verdict: "inconclusive",
      why: `${differenceSentence(nfg, metric)}; ${inconclusiveReason(nfg.comparison)}`,
    };
  }
  const larger = measured.filter((c) => !gateless.includes(c.of) && mean(c) >= mean(nfg));
  if (larger.length) {
    return {
      claim,
      verdict: "does not hold",
      why: `another variant's difference is at least as large: ${
        larger.map((c) => differenceSentence(c, metric)).join("; ")
      }, against ${differenceSentence(nfg, metric)}`,
    };
  }
  const largest = `${differenceSentence(nfg, metric)}, the largest difference of any variant`;
  switch (nfg.comparison.outcome) {
    case "b lower":
      return { claim, verdict: "holds", why: `${largest}, and its interval lies above 0` };
    case "a lower":
      return { claim, verdict: "does not hold", why: `${largest}, but its interval lies below 0` };
  }
  return {
    claim,
    verdict: "does not hold",
    why: `${largest}, but nfg is not significantly worse: its interval contains 0 (within ` +
      "seed noise)",
  };
}

/**
 * The study of each setting that has a vanilla LSTM group and an LSTM-variant group (none → []).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { greffStudies } from "./lstm_variants.ts";
 * const run = (cell: string, forgetBias: number | null, seed: number, testBpc: number) => ({
 *   id: `${cell}${forgetBias === null ? "" : `-forgetBias=${forgetBias}`}-seed=${seed}`,
 *   cell, forgetBias, seed, testBpc,
 *   status: "finished", steps: 500, charsSeen: 1_024_000,
 * }) as never;
 * const [study] = greffStudies([
 *   run("lstm", 0, 1, 2.90), run("lstm", 0, 2, 2.89), run("lstm", 0, 3, 2.91),
 *   run("nfg", null, 1, 3.12), run("nfg", null, 2, 3.14), run("nfg", null, 3, 3.19),
 * ]);
 * assert(study.verdicts.map((v) => v.verdict).join() === "holds,holds");
 * ```
 */
export function greffStudies(
  runs: readonly RunSummary[],
  metric: Metric = scoreMetric(runs),
): GreffStudy[] {
  const studies: GreffStudy[] = [];
  for (const [setting, groups] of settings(runs)) {
    const lstms = groups.filter((g) => g.role === "vanilla");
    if (!lstms.length || !groups.some((g) => g.role === "variant")) continue;
    const comparisons: LstmComparison[] = [];
    const unmatched: CellGroup[] = [];
    for (const g of groups.filter((g) => g.role !== "vanilla")) {
      const references = referencesOf(g, lstms);
      if (!references.length) unmatched.push(g);
      references.forEach((lstm, i) => {
        const comparison = compareGroups(g.group, lstm.group, metric);
        comparisons.push({ of: g, lstm, primary: i === 0, comparison, word: word(comparison) });
      });
    }
    const primary = comparisons.filter((c) => c.primary);
    // The budget of the judged runs: the lstm and variant runs with a score.
    const judged = groups.filter((g) => g.role !== "other").flatMap((g) => g.group.runs)
      .filter((r) => metric.of(r) !== null);
    const budgets = [...new Set(judged.map((r) => `${r.steps} steps, ${r.charsSeen} characters`))];
    const budget = judged.length && budgets.length === 1
      ? { steps: judged[0].steps, chars: judged[0].charsSeen }
      : null;
    const verdicts: [GreffVerdict, GreffVerdict] = budgets.length > 1
      ? [CLAIM_NO_BETTER, CLAIM_FORGET_GATE].map((claim) => ({
        claim,
        verdict: "inconclusive" as const,
        why: `the budgets differ (${budgets.join("; ")})`,
      })) as [GreffVerdict, GreffVerdict]
      : [verdictNoBetter(primary, metric), verdictForgetGate(primary, groups, metric)];
    studies.push({ setting, metric, groups, comparisons, unmatched, budget, budgets, verdicts });
  }
  return studies;
}

function differenceText(c: Comparison, digits = 3): string {
  if (!c.difference) return "–";
  const text = formatInterval(c.difference, digits);
  return c.difference.halfWidth === null
    ? text
    : text.replace(/\)$/, `; ${c.difference.n} paired seeds)`);
}

function studyMarkdown(study: GreffStudy, heading: boolean, unit: string): string {
  const { metric } = study;
  const rows: string[][] = [];
  for (const g of study.groups) {
    const ci = groupInterval(g.group, metric);
    const finished = g.group.runs.filter((r) => r.status === "finished").length;
    const head = [
      g.role === "vanilla"
        ? `${g.cell} (vanilla)`
        : g.role === "other"
        ? `${g.cell} (not an LSTM variant)`
        : g.cell,
      biasText(g.forgetBias),
      `${finished}/${g.group.runs.length}`,
      ci ? formatInterval(ci, metric.digits) : "–",
    ];
    const blank = head.map(() => "");
    if (g.role === "vanilla") {
      rows.push([...head, "–", "–", "reference"]);
      continue;
    }
    const mine = study.comparisons.filter((c) => c.of === g);
    if (!mine.length) {
      rows.push([...head, `no lstm at forget bias ${biasText(g.forgetBias)}`, "–", "–"]);
    }
    mine.forEach((c, i) => {
      const against = `lstm at forget bias ${biasText(c.lstm.forgetBias)}${
        g.forgetBias === null && c.primary && c.lstm.forgetBias === DEFAULT_FORGET_BIAS
          ? " (PyTorch's default)"
          : ""
      }${c.primary ? "" : " (not used by the verdicts)"}`;
      const said = c.word === "better" || c.word === "worse" ? `**${c.word}**` : c.word;
      rows.push([
        ...(i === 0 ? head : blank),
        against,
        differenceText(c.comparison, metric.digits),
        said,
      ]);
    });
  }
  const gateless = study.groups.filter((g) => g.role !== "vanilla" && g.forgetBias === null);
  const others = [...new Set(study.groups.filter((g) => g.role === "other").map((g) => g.cell))];
  const variants = [
    ...new Set(study.groups.filter((g) => g.role === "variant").map((g) => g.cell)),
  ];
  const lstms = study.groups.filter((g) => g.role === "vanilla");
  const lstmBiases = lstms.map((g) => g.forgetBias);
  const gatelessReference = referencesOf({ forgetBias: null } as CellGroup, lstms)[0]?.forgetBias;
  const notes = [
    `LSTM variants (\`CELL_VARIANT_OF\` lstm): ${variants.join(", ")}.` +
    (others.length
      ? ` ${others.join(", ")} ${others.length === 1 ? "is" : "are"} shown for reference but ${
        others.length === 1 ? "is" : "are"
      } not an LSTM variant, so the verdicts leave ${others.length === 1 ? "it" : "them"} out.`
      : ""),
    `Difference: the cell's ${metric.name} minus the vanilla LSTM's, paired by seed (Student's t, ` +
    "df = pairs − 1); lower is better, so **better** means the whole interval lies below 0, " +
    "**worse** above 0, otherwise inconclusive. A cell with a forget gate is compared with the " +
    "LSTM at its own forget bias" +
    (gateless.length
      ? `; ${
        [...new Set(gateless.map((g) => g.cell))].join(", ")
      } (no forget gate: forget bias n/a) with the LSTM at forget bias ${
        biasText(gatelessReference)
      } (${
        gatelessReference === DEFAULT_FORGET_BIAS
          ? "PyTorch's default"
          : `no LSTM ran at forget bias ${DEFAULT_FORGET_BIAS}, PyTorch's default`
      })${lstmBiases.length > 1 ? ", and with the LSTM at each other forget bias it ran" : ""}`
      : "") +
    ".",
  ];
  const budget = study.budget
    ? `${study.budget.steps} steps, ${formatChars(study.budget.chars)} ${unit} seen per run`
    : study.budgets.length
    ? `budgets that differ (${study.budgets.join("; ")})`
    : "no finished run";
  const verdictLine = (v: GreffVerdict, n: number) =>
    `${n}. **${v.claim}**: ${v.verdict} — ${v.why}.`;
  return [
    ...(heading ? [`### ${study.setting}`, ""] : []),
    table(
      [
        "cell",
        "forget bias",
        "finished",
        `${metric.name} (mean, 95 % CI)`,
        "compared with",
        "difference to lstm (paired, 95 % CI)",
        "result",
      ],
      rows,
    ),
    notes.join("\n\n"),
    "",
    `Verdicts, judged at ${budget} (${metric.name} at the scored checkpoint; the paired ` +
    "difference of each variant to the LSTM it is compared with first):",
    "",
    verdictLine(study.verdicts[0], 1),
    verdictLine(study.verdicts[1], 2),
    "",
  ].join("\n");
}

/**
 * The section as Markdown, or "" unless the runs contain `lstm` and an LSTM variant: scored by
 * test bpc (charlm), test MSE (adding) or test error (copy).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { lstmVariantsSection } from "./lstm_variants.ts";
 * const run = (cell: string, seed: number, testBpc: number) => ({
 *   id: `${cell}-seed=${seed}`, cell, forgetBias: cell === "gru" ? null : 0, seed, testBpc,
 *   status: "finished", steps: 500, charsSeen: 1_024_000,
 * }) as never;
 * const summary = (runs: never[]) => ({
 *   experiment: "x", description: "", task: "charlm", createdAt: "", quick: false, runs,
 * });
 * const lstm = [run("lstm", 1, 2.90), run("lstm", 2, 2.89)];
 * assert(lstmVariantsSection(summary([...lstm, run("gru", 1, 2.7), run("gru", 2, 2.71)])) === "");
 * const md = lstmVariantsSection(summary([...lstm, run("cifg", 1, 2.80), run("cifg", 2, 2.85)]));
 * assert(md.startsWith("## LSTM variants (Greff et al. 2015)"));
 * ```
 */
export function lstmVariantsSection(summary: ExperimentSummary): string {
  const memory = MEMORY_SCORES[summary.task];
  const metric = memory ?? scoreMetric(summary.runs);
  const studies = greffStudies(summary.runs, metric);
  // Nothing scored (e.g. every run diverged): no study to report.
  if (!studies.length || summary.runs.every((r) => metric.of(r) === null)) return "";
  const unit = memory ? "items" : "characters";
  return [
    "## LSTM variants (Greff et al. 2015)",
    "",
    'Greff et al. (2015, "LSTM: A Search Space Odyssey"): no variant beats the vanilla LSTM ' +
    "significantly, and removing the forget gate hurts most. Each group is labelled by its cell " +
    "and forget bias (n/a without a forget gate), whatever its run ids say.",
    "",
    ...studies.map((s) => studyMarkdown(s, studies.length > 1, unit)),
  ].join("\n");
}
