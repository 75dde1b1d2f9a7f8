/**
 * `lecture.md`: the lecture's claims about RNNs and LSTMs (C1–C7), each with the evidence measured
 * by the `lstm-vs-rnn`, `clipping` and `long-memory` experiments and a verdict — holds, does not
 * hold, or inconclusive — derived by the rule stated next to it. Nothing here is hard-coded: every
 * verdict is a function of the summaries, and every rule can yield each of its outcomes.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import {
  compareGroups,
  comparisonSentence,
  crossover,
  crossoverSentence,
  formatChars,
  groupBySeed,
  groupInterval,
  inconclusiveReason,
  type Metric,
  scoreMetric,
  type SeedGroup,
  seedOf,
} from "./seed_groups.ts";
import { formatInterval } from "../metrics/intervals.ts";
import {
  clipLabel,
  clipSettings,
  explosion,
  runsWithClip,
  SPIKE_CALM,
  SPIKE_EXPLODES,
  spikeRatio,
  unclippedStory,
} from "./clipping.ts";
import { lastFlow } from "./gradient_flow.ts";
import { memoryEntries } from "./memory.ts";
import type { MemoryEntry } from "../tasks/memory.ts";
import { fmt } from "./_format.ts";

/** A claim's verdict. */
export type Verdict = "holds" | "does not hold" | "inconclusive";

/** One claim, its rule, the evidence and the verdict with its reason. */
export interface ClaimResult {
  id: string;
  claim: string;
  rule: string;
  evidence: string[];
  verdict: Verdict;
  reason: string;
}

/** The summaries the claims read; a missing one makes its claims inconclusive. */
export interface LectureInputs {
  lstmVsRnn?: ExperimentSummary;
  clipping?: ExperimentSummary;
  longMemory?: ExperimentSummary;
  /** The init study (`lstm-init`): whether C2 depends on the LSTM's forget-gate bias. */
  lstmInit?: ExperimentSummary;
}

/** C1: the parameter ratio must be within this relative distance of 4. */
export const PARAM_RATIO_TOLERANCE = 0.01;
/** C4, C5: the explosion and calm ratios of max / median gradient norm (`clipping.ts`). */
export { SPIKE_CALM, SPIKE_EXPLODES } from "./clipping.ts";
/** C7: a sample-quality gain at least this large counts as an improvement. */
export const QUALITY_GAIN = 0.05;

function result(
  id: string,
  claim: string,
  rule: string,
  evidence: string[],
  verdict: Verdict,
  reason: string,
): ClaimResult {
  return { id, claim, rule, evidence, verdict, reason };
}

/** The lstm run and the rnn run of the same hidden size and embedding (the first such pair). */
export function equalWidthPair(
  runs: RunSummary[],
): { rnn: RunSummary; lstm: RunSummary } | undefined {
  for (const lstm of runs.filter((r) => r.cell === "lstm")) {
    const rnn = runs.find((r) =>
      r.cell === "rnn" && r.hidden === lstm.hidden && r.embedding === lstm.embedding &&
      r.layers === lstm.layers
    );
    if (rnn) return { rnn, lstm };
  }
  return undefined;
}

const missing = (id: string, claim: string, rule: string, what: string) =>
  result(id, claim, rule, [], "inconclusive", what);

/** C1: an LSTM has 4× the RNN's recurrent parameters at equal width. */
export function claimC1(inputs: LectureInputs): ClaimResult {
  const claim = "An LSTM has 4× the parameters of an RNN at equal width (n vs 4n).";
  const rule = `Recurrent parameters of the lstm and rnn runs of equal hidden size and embedding ` +
    `in lstm-vs-rnn: holds if their ratio is within ${
      PARAM_RATIO_TOLERANCE * 100
    }% of 4, else does not hold; inconclusive without such a pair.`;
  const pair = inputs.lstmVsRnn && equalWidthPair(inputs.lstmVsRnn.runs);
  if (!pair || pair.rnn.recurrentParams <= 0) {
    return missing("C1", claim, rule, "no lstm/rnn pair of equal width with parameter counts");
  }
  const ratio = pair.lstm.recurrentParams / pair.rnn.recurrentParams;
  const evidence = [
    `${pair.rnn.id}: ${pair.rnn.recurrentParams} recurrent parameters (${pair.rnn.params} in all)`,
    `${pair.lstm.id}: ${pair.lstm.recurrentParams} recurrent parameters (${pair.lstm.params} in all)`,
    `ratio ${fmt(ratio, 4)} (all parameters, with embedding and head: ${
      fmt(pair.lstm.params / pair.rnn.params, 2)
    })`,
  ];
  return Math.abs(ratio - 4) <= 4 * PARAM_RATIO_TOLERANCE
    ? result("C1", claim, rule, evidence, "holds", `the ratio is ${fmt(ratio, 4)}`)
    : result("C1", claim, rule, evidence, "does not hold", `the ratio is ${fmt(ratio, 4)}, not 4`);
}

/** The lstm and rnn seed groups of equal width (the first such pair), for C2 and C3. */
export function equalWidthGroups(
  runs: RunSummary[],
): { rnn: SeedGroup; lstm: SeedGroup } | undefined {
  const pair = equalWidthPair(runs);
  if (!pair) return undefined;
  const groups = groupBySeed(runs);
  const of = (run: RunSummary) => groups.find((g) => g.runs.includes(run))!;
  return { rnn: of(pair.rnn), lstm: of(pair.lstm) };
}

const seedsLine = (g: SeedGroup, metric: Metric) => {
  const ci = groupInterval(g, metric);
  return `${g.id} (${g.runs.length} seed${g.runs.length === 1 ? "" : "s"}): ${metric.name} ${
    ci ? formatInterval(ci) : "–"
  }${
    g.runs.some((r) => r.status !== "finished")
      ? `; not finished: ${
        g.runs.filter((r) => r.status !== "finished").map((r) =>
          `${r.id} ${r.status}`
        ).join(", ")
      }`
      : ""
  }`;
};

/** A number as the interval sentences write it: a true minus sign. */
const signed = (x: number | null) => fmt(x).replace("-", "−");

/** C2: the LSTM reaches a lower test bpc than the RNN at equal width and budget, beyond seed noise. */
export function claimC2(inputs: LectureInputs): ClaimResult {
  const claim = "An LSTM reaches lower bits/char than an RNN at equal width and budget.";
  const rule = "Test bpc at the scored checkpoint (val bpc where there is no test split) of the " +
    "equal-width lstm and rnn runs in lstm-vs-rnn, paired by seed, with the same characters seen: " +
    "holds if the 95 % interval of RNN − LSTM is above 0, does not hold if it is below 0; " +
    "inconclusive (within seed noise) if it contains 0, with one seed (no interval), or when a " +
    "budget differs. The verdict holds for the budget it names.";
  const groups = inputs.lstmVsRnn && equalWidthGroups(inputs.lstmVsRnn.runs);
  if (!groups) return missing("C2", claim, rule, "no lstm/rnn pair of equal width");
  const { rnn, lstm } = groups;
  const metric = scoreMetric([...rnn.runs, ...lstm.runs]);
  const budgets = new Set([...rnn.runs, ...lstm.runs].map((r) => r.charsSeen));
  const first = lstm.runs[0];
  const budget = `${first.steps} steps, ${formatChars(first.charsSeen)} characters`;
  const comparison = compareGroups(rnn, lstm, metric);
  const evidence = [
    seedsLine(rnn, metric),
    seedsLine(lstm, metric),
    comparisonSentence(comparison),
    crossoverSentence(lstm.id, rnn.id, crossover(lstm, rnn)),
    `budget: ${budget}`,
  ];
  if (budgets.size > 1) {
    return result("C2", claim, rule, evidence, "inconclusive", "the budgets differ");
  }
  const d = comparison.difference;
  const by = d
    ? `${fmt(Math.abs(d.mean))} ${metric.name} (95 % CI of RNN − LSTM ${signed(d.low)} … ${
      signed(d.high)
    })`
    : "";
  if (comparison.outcome === "b lower") {
    return result("C2", claim, rule, evidence, "holds", `at ${budget}: the LSTM is lower by ${by}`);
  }
  if (comparison.outcome === "a lower") {
    return result(
      "C2",
      claim,
      rule,
      evidence,
      "does not hold",
      `at ${budget}: the RNN is lower by ${by}`,
    );
  }
  return result(
    "C2",
    claim,
    rule,
    evidence,
    "inconclusive",
    `at ${budget}: ${inconclusiveReason(comparison)}`,
  );
}

/** Layer-0 decay rate of a run's last gradient-flow profile (log-norm per step back). */
const DECAY: Metric = {
  name: "gradient decay (log-norm/step)",
  of: (run) => lastFlow(run)?.decayPerStep ?? null,
};

/** C3: RNN gradients decay faster with distance than the LSTM's, beyond seed noise. */
export function claimC3(inputs: LectureInputs): ClaimResult {
  const claim = "An RNN's gradients decay (vanish) faster with distance than an LSTM's.";
  const rule = "Per-step decay of ‖∂L_T/∂h_{T−k}‖ (slope of the log-norm against k, layer 0, " +
    "last eval) of the equal-width rnn and lstm runs in lstm-vs-rnn, paired by seed: holds if the " +
    "95 % interval of RNN − LSTM is below 0 (the RNN's norm falls faster), does not hold if it is " +
    "above 0; inconclusive (within seed noise) if it contains 0, with one seed, or without both " +
    "profiles.";
  const groups = inputs.lstmVsRnn && equalWidthGroups(inputs.lstmVsRnn.runs);
  if (!groups) return missing("C3", claim, rule, "no lstm/rnn pair of equal width");
  const evidence = [...groups.rnn.runs, ...groups.lstm.runs].map((r) => {
    const flow = lastFlow(r);
    return flow
      ? `${r.id}: decay ${fmt(flow.decayPerStep, 4)} log-norm/step (×${
        fmt(flow.decayPerStep == null ? null : Math.exp(flow.decayPerStep), 3)
      } per step) at step ${flow.step}; ‖∂L_T/∂h_T‖ ${flow.norms[0]?.toExponential(2)}, ` +
        `k = ${flow.norms.length - 1}: ${flow.norms.at(-1)?.toExponential(2)}`
      : `${r.id}: no gradient-flow profile`;
  });
  // Long-memory decays, for context: one line per lag and cell, every seed's run.
  const memoryFlows = new Map<string, { lag: number; cell: string; decays: string[] }>();
  for (const run of inputs.longMemory?.runs ?? []) {
    const lag = (run.memory as { lag?: number } | undefined)?.lag;
    const flow = lastFlow(run);
    if (lag === undefined || !flow || (run.cell !== "rnn" && run.cell !== "lstm")) continue;
    const key = `${lag} ${run.cell}`;
    const line = memoryFlows.get(key) ?? { lag, cell: run.cell, decays: [] };
    line.decays.push(`${fmt(flow.decayPerStep, 4)} (${run.id})`);
    memoryFlows.set(key, line);
  }
  for (const { lag, cell, decays } of [...memoryFlows.values()].sort((a, b) => a.lag - b.lag)) {
    evidence.push(
      `long-memory lag ${lag}, ${cell} (not in the rule): decay ${decays.join(", ")} log-norm/step`,
    );
  }
  const comparison = compareGroups(groups.rnn, groups.lstm, DECAY);
  evidence.push(comparisonSentence(comparison, 4));
  const d = comparison.difference;
  if (!d) return result("C3", claim, rule, evidence, "inconclusive", "a decay rate is missing");
  const by = `${fmt(Math.abs(d.mean), 3)} log-norm/step (95 % CI of RNN − LSTM ${signed(d.low)} … ${
    signed(d.high)
  })`;
  if (comparison.outcome === "a lower") {
    return result("C3", claim, rule, evidence, "holds", `the RNN's gradient decays ${by} faster`);
  }
  if (comparison.outcome === "b lower") {
    return result(
      "C3",
      claim,
      rule,
      evidence,
      "does not hold",
      `the LSTM's gradient decays ${by} faster`,
    );
  }
  return result("C3", claim, rule, evidence, "inconclusive", inconclusiveReason(comparison));
}

function unclippedRuns(inputs: LectureInputs): RunSummary[] {
  return inputs.clipping?.runs.filter((r) => r.clip.mode === "none") ?? [];
}

/** C4: without clipping, gradients explode at a high learning rate (in every seed). */
export function claimC4(inputs: LectureInputs): ClaimResult {
  return inEverySeed(claimC4OneSeed, inputs, "clipping");
}

function claimC4OneSeed(inputs: LectureInputs): ClaimResult {
  const claim = "Without clipping, gradients explode (spikes, divergence) at a high learning rate.";
  const rule =
    "Unclipped runs of the clipping experiment: a run's gradient exploded if its max / " +
    `median gradient norm is ≥ ${SPIKE_EXPLODES} (a divergence without such a spike is the step ` +
    `size blowing up, not the gradient); it was calm if the run finished with a ratio < ` +
    `${SPIKE_CALM}. Holds if any unclipped run exploded; does not hold if all were calm; ` +
    "inconclusive otherwise.";
  const runs = unclippedRuns(inputs);
  if (!runs.length) return missing("C4", claim, rule, "no unclipped run");
  const first = inputs.clipping!.runs[0];
  const rates = [...new Set(inputs.clipping!.runs.map((r) => r.learningRate))];
  const evidence = [
    `optimiser ${first.optimizer}, learning rate${rates.length > 1 ? "s" : ""} ${rates.join(", ")}`,
    ...runs.map((r) =>
      `${r.id}: ${r.status}${r.status === "diverged" ? ` at step ${r.steps}` : ""}, median ‖g‖ ${
        fmt(r.gradNorm.median, 2)
      }, max ${fmt(r.gradNorm.max, 2)} (×${fmt(spikeRatio(r), 1)})`
    ),
  ];
  const states = runs.map(explosion);
  const exploded = runs.filter((_, i) => states[i] === "exploded").map((r) => r.id);
  if (exploded.length) {
    return result("C4", claim, rule, evidence, "holds", `exploded: ${exploded.join(", ")}`);
  }
  if (states.every((s) => s === "calm")) {
    return result("C4", claim, rule, evidence, "does not hold", "every unclipped run was calm");
  }
  return result(
    "C4",
    claim,
    rule,
    evidence,
    "inconclusive",
    "spikes below the explosion ratio but above calm",
  );
}

/** C5's thresholds: the lecture's "clip at 5 or 10". */
export const C5_THRESHOLDS = [5, 10] as const;

/**
 * C5: clipping at 5 or 10 restores stable training — judged only where the unclipped run really
 * exploded: each setting (cell, learning rate) and seed whose unclipped run diverged with an
 * exploding gradient; it holds only if the norm-5 and norm-10 runs finished in every one of them.
 */
export function claimC5(inputs: LectureInputs): ClaimResult {
  const claim = "Clipping the gradient norm at 5 or 10 restores stable training.";
  const rule = "Judged only where the unclipped run really exploded: for each setting (cell and " +
    "learning rate) and seed of the clipping experiment whose unclipped run diverged with an " +
    `exploding gradient (max / median norm ≥ ${SPIKE_EXPLODES}, as in C4), the runs of the same ` +
    "setting and seed clipped by norm at 5 and at 10. Holds if every one of them finished, in " +
    "every such seed; does not hold if any diverged; inconclusive if one is missing or did not " +
    "end, or if no unclipped run exploded and diverged. Other settings and learning rates are not " +
    "judged: a divergence without a gradient spike is the step size blowing up, which clipping at " +
    "5 or 10 has nothing to act on, and a spike the run survived left nothing to restore.";
  const all = inputs.clipping?.runs ?? [];
  if (!all.length) return missing("C5", claim, rule, "no clipping experiment");
  const unitName = (name: string, r: RunSummary) =>
    seedOf(r) == null ? name : `${name}, seed ${seedOf(r)}`;
  const ended = (r: RunSummary) =>
    `${r.status}${r.status === "diverged" ? ` at step ${r.steps}` : ""}${
      r.status === "finished" ? ` (val loss ${fmt(r.valLoss)})` : ""
    }${
      r.clip.mode === "none"
        ? ""
        : r.clipRate
        ? `, clipped ${(r.clipRate * 100).toFixed(0)} % of steps`
        : ", never clipped"
    }`;
  const evidence: string[] = [];
  const judged: { name: string; seeds: string[] }[] = [];
  const notJudged: string[] = [];
  const failed: string[] = [];
  const absent: string[] = [];
  const unended: string[] = [];
  let units = 0;
  for (const setting of clipSettings(all)) {
    const unclipped = runsWithClip(setting, "none");
    if (!unclipped.length) continue;
    evidence.push(`${setting.name}, unclipped: ${unclippedStory(unclipped)}`);
    for (const r of setting.runs) {
      evidence.push(`  ${unitName(setting.name, r)}, clip ${clipLabel(r.clip)}: ${ended(r)}`);
    }
    const exploded = unclipped.filter((r) =>
      r.status === "diverged" && explosion(r) === "exploded"
    );
    if (!exploded.length) {
      const survived = unclipped.some((r) => explosion(r) === "exploded");
      const spikeFree = unclipped.filter((r) => r.status === "diverged");
      notJudged.push(
        `${setting.name} (${
          spikeFree.length
            ? `diverged without a gradient spike: ${
              spikeFree.map((r) => `×${fmt(spikeRatio(r), 1)}`).join(", ")
            }`
            : survived
            ? "exploded but finished: nothing to restore"
            : "no explosion"
        })`,
      );
      continue;
    }
    judged.push({
      name: setting.name,
      seeds: exploded.map((r) =>
        `${seedOf(r) == null ? "" : `seed ${seedOf(r)} `}×${
          fmt(spikeRatio(r), 1)
        }, diverged at step ${r.steps}`
      ),
    });
    for (const u of exploded) {
      units++;
      const unit = unitName(setting.name, u);
      for (const threshold of C5_THRESHOLDS) {
        const run = setting.runs.find((r) =>
          seedOf(r) === seedOf(u) && r.clip.mode === "norm" && r.clip.threshold === threshold
        );
        if (!run) absent.push(`${unit}: norm ${threshold}`);
        else if (run.status === "diverged") failed.push(`${unit}: norm ${threshold} ${ended(run)}`);
        else if (run.status !== "finished") {
          unended.push(`${unit}: norm ${threshold} ${run.status}`);
        }
      }
    }
  }
  const where = judged.map((j) => `${j.name} (${j.seeds.join("; ")})`).join(", ");
  const skipped = notJudged.length ? `; not judged: ${notJudged.join(", ")}` : "";
  if (!judged.length) {
    return result(
      "C5",
      claim,
      rule,
      evidence,
      "inconclusive",
      notJudged.length
        ? `no unclipped run diverged with an exploding gradient, so nothing to judge — ${
          notJudged.join(", ")
        }${
          notJudged.some((n) => n.includes("without a gradient spike"))
            ? ": the step size blew up, not the gradient, so clipping had nothing to act on"
            : ""
        }`
        : "no unclipped run",
    );
  }
  const exploded = `the unclipped gradient exploded in ${where}`;
  if (failed.length) {
    return result(
      "C5",
      claim,
      rule,
      evidence,
      "does not hold",
      `${exploded}; there ${failed.join("; ")}${skipped}`,
    );
  }
  if (absent.length || unended.length) {
    return result(
      "C5",
      claim,
      rule,
      evidence,
      "inconclusive",
      `${exploded}; ${
        [
          ...(absent.length ? [`missing runs: ${absent.join(", ")}`] : []),
          ...(unended.length ? [`not ended: ${unended.join(", ")}`] : []),
        ].join("; ")
      }${skipped}`,
    );
  }
  return result(
    "C5",
    claim,
    rule,
    evidence,
    "holds",
    `${exploded}; there norm 5 and norm 10 finished in every one (${units} seed${
      units === 1 ? "" : "s"
    })${skipped}`,
  );
}

/** C6: the LSTM solves lags the RNN cannot (in every seed). */
export function claimC6(inputs: LectureInputs): ClaimResult {
  return inEverySeed(claimC6OneSeed, inputs, "longMemory");
}

function claimC6OneSeed(inputs: LectureInputs): ClaimResult {
  const claim = "An LSTM solves long-memory lags that an RNN cannot.";
  const rule =
    "Long-memory success table, lags run by both rnn and lstm: holds if the LSTM solves " +
    "some lag the RNN does not and the RNN none the LSTM does not; does not hold if the RNN solves " +
    "every lag the LSTM solves while some lag stays unsolved by both (or the RNN alone solves " +
    "some); inconclusive if both solve every lag (sweep too short), neither solves any (budget " +
    "too small), results are mixed, or the table is missing.";
  const entries = memoryEntries(inputs.longMemory ?? {});
  const solvedBy = (cell: string, lag: number) =>
    entries.find((e) => e.cell === cell && e.lag === lag)?.solved;
  const lags = [...new Set(entries.map((e) => e.lag))].sort((a, b) => a - b).filter((lag) =>
    solvedBy("rnn", lag) !== undefined && solvedBy("lstm", lag) !== undefined
  );
  if (!lags.length) return missing("C6", claim, rule, "no lag with both an rnn and an lstm run");
  const evidence = lags.map((lag) => {
    const row = entries.filter((e) => e.lag === lag).map((e) =>
      `${e.cell} ${e.solved ? "solved" : "not solved"} (${e.metricName} ${fmt(e.metric, 4)})`
    );
    return `lag ${lag}: ${row.join(", ")}`;
  });
  const lstmOnly = lags.filter((l) => solvedBy("lstm", l) && !solvedBy("rnn", l));
  const rnnOnly = lags.filter((l) => solvedBy("rnn", l) && !solvedBy("lstm", l));
  const both = lags.filter((l) => solvedBy("rnn", l) && solvedBy("lstm", l));
  const list = (xs: number[]) => xs.join(", ");
  if (lstmOnly.length && !rnnOnly.length) {
    return result(
      "C6",
      claim,
      rule,
      evidence,
      "holds",
      `only the LSTM solves lag ${list(lstmOnly)}`,
    );
  }
  if (rnnOnly.length && !lstmOnly.length) {
    return result(
      "C6",
      claim,
      rule,
      evidence,
      "does not hold",
      `only the RNN solves lag ${list(rnnOnly)}`,
    );
  }
  if (lstmOnly.length && rnnOnly.length) {
    return result(
      "C6",
      claim,
      rule,
      evidence,
      "inconclusive",
      "mixed: each cell alone solves a lag",
    );
  }
  if (both.length === lags.length) {
    return result("C6", claim, rule, evidence, "inconclusive", "both solve every lag tested");
  }
  if (!both.length) {
    return result("C6", claim, rule, evidence, "inconclusive", "neither solves any lag tested");
  }
  return result(
    "C6",
    claim,
    rule,
    evidence,
    "does not hold",
    `both solve lag ${list(both)} and neither solves the rest`,
  );
}

/** C7: samples improve as training goes on. */
export function claimC7(inputs: LectureInputs): ClaimResult {
  const claim = "Generated samples improve as training goes on.";
  const rule = "lstm-vs-rnn runs with at least two samples: a run improved if its last sample's " +
    `share of real words is ≥ ${QUALITY_GAIN} above its first and its last val loss is below its ` +
    "first; it got worse if the share did not rise. Holds if more than half the runs improved, " +
    "does not hold if more than half got worse; inconclusive otherwise or without samples.";
  const runs = (inputs.lstmVsRnn?.runs ?? []).filter((r) => r.samples.length >= 2);
  if (!runs.length) return missing("C7", claim, rule, "no run with two or more samples");
  let improved = 0;
  let worse = 0;
  const evidence = runs.map((r) => {
    const first = r.samples[0], last = r.samples.at(-1)!;
    const gain = last.quality - first.quality;
    const e0 = r.evals[0]?.valLoss, e1 = r.evals.at(-1)?.valLoss;
    if (gain >= QUALITY_GAIN && e0 != null && e1 != null && e1 < e0) improved++;
    else if (gain <= 0) worse++;
    return `${r.id}: real-word share ${
      (first.quality * 100).toFixed(0)
    }% at step ${first.step} → ` +
      `${(last.quality * 100).toFixed(0)}% at step ${last.step}; val loss ${fmt(e0)} → ${fmt(e1)}` +
      `; last sample: "${last.text.slice(0, 80).replace(/\s+/g, " ")}…"`;
  });
  const counts = `${improved} of ${runs.length} improved, ${worse} got worse`;
  if (improved > runs.length / 2) return result("C7", claim, rule, evidence, "holds", counts);
  if (worse > runs.length / 2) return result("C7", claim, rule, evidence, "does not hold", counts);
  return result("C7", claim, rule, evidence, "inconclusive", counts);
}

/** The runs of `summary` with `seed`, and its long-memory table rebuilt from those runs. */
function restrictToSeed(summary: ExperimentSummary, seed: number | null): ExperimentSummary {
  const runs = summary.runs.filter((r) => seedOf(r) === seed);
  const tasks = Array.isArray(summary.tasks)
    ? runs.map((r) => r.memory as MemoryEntry | undefined).filter((m) => m !== undefined)
    : undefined;
  return { ...summary, runs, ...(tasks ? { tasks } : {}) };
}

/**
 * A yes/no claim over seeds: judged in each seed's runs of `inputs[key]` alone; it holds (does not
 * hold) only if it does in every seed, and is inconclusive when the seeds disagree.
 */
function inEverySeed(
  claim: (inputs: LectureInputs) => ClaimResult,
  inputs: LectureInputs,
  key: keyof LectureInputs,
): ClaimResult {
  const summary = inputs[key];
  const seeds = summary ? [...new Set(summary.runs.map(seedOf))] : [];
  if (seeds.length <= 1) return claim(inputs);
  const each = seeds.map((seed) => ({
    seed,
    result: claim({ ...inputs, [key]: restrictToSeed(summary!, seed) }),
  }));
  const first = each[0].result;
  const rule = `${first.rule} Over seeds: holds (does not hold) only if it does in every seed; ` +
    "inconclusive when the seeds disagree.";
  const evidence = each.flatMap(({ seed, result }) => [
    `seed ${seed}: **${result.verdict}** — ${result.reason}`,
    ...result.evidence.map((e) => `  seed ${seed}: ${e}`),
  ]);
  const verdicts = new Set(each.map((e) => e.result.verdict));
  const reasons = each.map(({ seed, result }) => `seed ${seed}: ${result.reason}`).join("; ");
  if (verdicts.size === 1) {
    return result(
      first.id,
      first.claim,
      rule,
      evidence,
      first.verdict,
      `in all ${each.length} seeds — ${reasons}`,
    );
  }
  return result(
    first.id,
    first.claim,
    rule,
    evidence,
    "inconclusive",
    `the seeds disagree — ${
      each.map(({ seed, result }) => `seed ${seed} ${result.verdict}`).join(", ")
    }`,
  );
}

/**
 * Which init the verdicts used (from the lstm-vs-rnn runs), and whether C2 depends on it: C2's rule
 * applied to the init study's LSTM runs at each forget-gate bias against its RNN runs.
 */
export function initStatement(inputs: LectureInputs): string {
  const runs = inputs.lstmVsRnn?.runs ?? [];
  const lstm = runs.find((r) => r.cell === "lstm");
  const used = lstm?.initScheme !== undefined
    ? `Init of the verdicts: \`${lstm.initScheme}\`, LSTM forget-gate bias ${lstm.forgetBias} ` +
      "(`model.init.scheme`, `model.forgetBias`; n/a for cells without a forget gate)."
    : "Init of the verdicts: not recorded in the lstm-vs-rnn summary.";
  const study = inputs.lstmInit;
  if (!study) {
    return `${used} Whether C2 depends on it was not measured in this suite ` +
      "(`deno task experiment lstm-init`: forget bias 0 vs 1 × 3 seeds).";
  }
  const rnns = study.runs.filter((r) => r.cell === "rnn");
  const biases = [
    ...new Set(study.runs.filter((r) => r.cell === "lstm").map((r) => r.forgetBias)),
  ].filter((b): b is number => typeof b === "number").sort((a, b) => a - b);
  const verdicts = biases.map((bias) => {
    const subset = study.runs.filter((r) => r.cell === "lstm" && r.forgetBias === bias);
    // Group ids without the bias label, so the lstm and rnn runs pair by seed alone.
    const relabel = (r: RunSummary) => ({ ...r, id: r.id.replace(/-?forgetBias=[^-]*/, "") });
    const c2 = claimC2({ lstmVsRnn: { ...study, runs: [...rnns, ...subset].map(relabel) } });
    return { bias, c2 };
  });
  if (verdicts.length < 2) return `${used} The init study has fewer than two forget-gate biases.`;
  const first = study.runs[0];
  const each = verdicts.map(({ bias, c2 }) =>
    `forget bias ${bias}: **${c2.verdict}** (${c2.reason})`
  )
    .join("; ");
  const depends = new Set(verdicts.map((v) => v.c2.verdict)).size > 1;
  // The bias against the bias, not only each against the RNN: does the init itself move the LSTM?
  const lstms = groupBySeed(study.runs.filter((r) => r.cell === "lstm"));
  const atBias = (bias: number) => lstms.find((g) => g.runs[0].forgetBias === bias)!;
  const metric = scoreMetric(study.runs);
  const direct = biases.slice(1).map((bias) =>
    comparisonSentence(compareGroups(atBias(bias), atBias(biases[0]), metric))
  );
  return `${used} Does C2 depend on it? In [lstm-init](lstm-init/report.md) (hidden ${first.hidden}, ` +
    `${first.steps} steps, ${
      new Set(study.runs.map(seedOf)).size
    } seeds), C2's rule gives — ${each}: ` +
    (depends ? "**the verdict depends on the init**." : "the same verdict for every init tried.") +
    ` The LSTM against itself at the other bias: ${direct.join(" ")}`;
}

/** Every claim, C1–C7. */
export function evaluateClaims(inputs: LectureInputs): ClaimResult[] {
  return [claimC1, claimC2, claimC3, claimC4, claimC5, claimC6, claimC7].map((f) => f(inputs));
}

/** `lecture.md` from the claims; `sources` names each experiment's output folder. */
export function lectureMarkdown(
  claims: ClaimResult[],
  sources: Record<string, string>,
  quick: boolean,
  inputs: LectureInputs = {},
): string {
  const out = [
    "# The lecture's claims, measured",
    "",
    initStatement(inputs),
    "",
    `Experiments${quick ? " (quick profile: short budgets, weak evidence)" : ""}: ` +
    Object.entries(sources).map(([name, dir]) => `[${name}](${dir}/report.md)`).join(", ") + ".",
    "Each verdict follows from the rule stated under it, applied to those runs' `summary.json`. " +
    "A claim comparing two cells holds or fails only when the paired 95 % interval of their " +
    "difference over seeds (Student's t, df = seeds − 1) excludes 0; otherwise it is " +
    "inconclusive (within seed noise). A yes/no claim holds only if it holds in every seed. " +
    "Each verdict is for the budget its experiment ran.",
    "",
    "| claim | verdict | why |",
    "| --- | --- | --- |",
    ...claims.map((c) => `| ${c.id}: ${c.claim} | **${c.verdict}** | ${c.reason} |`),
    "",
  ];
  for (const c of claims) {
    out.push(
      `## ${c.id}: ${c.claim}`,
      "",
      `**Verdict: ${c.verdict}** — ${c.reason}.`,
      "",
      `Rule: ${c.rule}`,
      "",
      ...(c.evidence.length ? ["Evidence:", "", ...c.evidence.map((e) => `- ${e}`)] : []),
      "",
    );
  }
  return out.join("\n");
}
