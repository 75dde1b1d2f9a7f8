/**
 * `lecture.md`: the lecture's claims about RNNs and LSTMs (C1–C7), each with the evidence measured
 * by the `lstm-vs-rnn`, `clipping` and `long-memory` experiments and a verdict — holds, does not
 * hold, or inconclusive — derived by the rule stated next to it. Nothing here is hard-coded: every
 * verdict is a function of the summaries, and every rule can yield each of its outcomes.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { BPC_TIE } from "./charlm.ts";
import { clipLabel, spikeRatio } from "./clipping.ts";
import { lastFlow } from "./gradient_flow.ts";
import { memoryEntries } from "./memory.ts";

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
}

/** C1: the parameter ratio must be within this relative distance of 4. */
export const PARAM_RATIO_TOLERANCE = 0.01;
/** C3: decay rates (log-norm per step) closer than this are a tie. */
export const DECAY_MARGIN = 0.05;
/** C4: a max / median gradient-norm ratio at or above this is an explosion. */
export const SPIKE_EXPLODES = 10;
/** C4: below this ratio (and no divergence) gradients were calm. */
export const SPIKE_CALM = 3;
/** C7: a sample-quality gain at least this large counts as an improvement. */
export const QUALITY_GAIN = 0.05;

const fmt = (x: number | null | undefined, digits = 3) =>
  x == null || !Number.isFinite(x) ? "–" : x.toFixed(digits);

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

/** C2: the LSTM reaches a lower val bpc than the RNN at equal width and budget. */
export function claimC2(inputs: LectureInputs): ClaimResult {
  const claim = "An LSTM reaches lower validation bits/char than an RNN at equal width and budget.";
  const rule = `Final val bpc of the equal-width lstm and rnn runs in lstm-vs-rnn, both finished ` +
    `with the same characters seen: holds if the LSTM is lower by ≥ ${BPC_TIE} bpc, does not ` +
    `hold if the RNN is lower by ≥ ${BPC_TIE}; inconclusive for a smaller difference, a run that ` +
    "did not finish, or unequal budgets.";
  const pair = inputs.lstmVsRnn && equalWidthPair(inputs.lstmVsRnn.runs);
  if (!pair) return missing("C2", claim, rule, "no lstm/rnn pair of equal width");
  const { rnn, lstm } = pair;
  const evidence = [rnn, lstm].map((r) =>
    `${r.id}: ${r.status}, val bpc ${fmt(r.valBpc)} after ${r.steps} steps (${r.charsSeen} chars)`
  );
  if (
    rnn.valBpc == null || lstm.valBpc == null || rnn.status !== "finished" ||
    lstm.status !== "finished"
  ) {
    return result("C2", claim, rule, evidence, "inconclusive", "a run did not finish");
  }
  if (rnn.charsSeen !== lstm.charsSeen) {
    return result("C2", claim, rule, evidence, "inconclusive", "the budgets differ");
  }
  const d = rnn.valBpc - lstm.valBpc;
  evidence.push(`RNN − LSTM = ${fmt(d)} bpc`);
  if (d >= BPC_TIE) {
    return result("C2", claim, rule, evidence, "holds", `the LSTM is ${fmt(d)} bpc lower`);
  }
  if (d <= -BPC_TIE) {
    return result("C2", claim, rule, evidence, "does not hold", `the RNN is ${fmt(-d)} bpc lower`);
  }
  return result("C2", claim, rule, evidence, "inconclusive", `|Δ| < ${BPC_TIE} bpc: a tie`);
}

/** C3: RNN gradients decay faster with distance than the LSTM's. */
export function claimC3(inputs: LectureInputs): ClaimResult {
  const claim = "An RNN's gradients decay (vanish) faster with distance than an LSTM's.";
  const rule = "Per-step decay of ‖∂L_T/∂h_{T−k}‖ (slope of the log-norm against k, layer 0, " +
    "last eval) of the equal-width rnn and lstm runs in lstm-vs-rnn: holds if the RNN's slope is " +
    `below the LSTM's by more than ${DECAY_MARGIN}, does not hold if it is above by more than ` +
    `${DECAY_MARGIN}; inconclusive within the margin or without both profiles.`;
  const pair = inputs.lstmVsRnn && equalWidthPair(inputs.lstmVsRnn.runs);
  if (!pair) return missing("C3", claim, rule, "no lstm/rnn pair of equal width");
  const rnn = lastFlow(pair.rnn)?.decayPerStep;
  const lstm = lastFlow(pair.lstm)?.decayPerStep;
  const evidence = [pair.rnn, pair.lstm].map((r) => {
    const flow = lastFlow(r);
    return flow
      ? `${r.id}: decay ${fmt(flow.decayPerStep, 4)} log-norm/step (×${
        fmt(flow.decayPerStep == null ? null : Math.exp(flow.decayPerStep), 3)
      } per step) at step ${flow.step}; ‖∂L_T/∂h_T‖ ${flow.norms[0]?.toExponential(2)}, ` +
        `k = ${flow.norms.length - 1}: ${flow.norms.at(-1)?.toExponential(2)}`
      : `${r.id}: no gradient-flow profile`;
  });
  for (const entry of memoryEntries(inputs.longMemory ?? {})) {
    const run = inputs.longMemory!.runs.find((r) =>
      (r.memory as { lag?: number; cell?: string } | undefined)?.lag === entry.lag &&
      r.cell === entry.cell
    );
    const flow = run && lastFlow(run);
    if (flow && (entry.cell === "rnn" || entry.cell === "lstm")) {
      evidence.push(
        `long-memory ${run!.id} (not in the rule): decay ${
          fmt(flow.decayPerStep, 4)
        } log-norm/step`,
      );
    }
  }
  if (rnn == null || lstm == null) {
    return result("C3", claim, rule, evidence, "inconclusive", "a decay rate is missing");
  }
  if (rnn < lstm - DECAY_MARGIN) {
    return result(
      "C3",
      claim,
      rule,
      evidence,
      "holds",
      `the RNN's gradient decays ${fmt(lstm - rnn, 3)} log-norm/step faster`,
    );
  }
  if (rnn > lstm + DECAY_MARGIN) {
    return result(
      "C3",
      claim,
      rule,
      evidence,
      "does not hold",
      `the LSTM's gradient decays ${fmt(rnn - lstm, 3)} log-norm/step faster`,
    );
  }
  return result(
    "C3",
    claim,
    rule,
    evidence,
    "inconclusive",
    "the decay rates are within the margin",
  );
}

/**
 * Whether a run's gradient exploded (a spike: max / median norm ≥ {@link SPIKE_EXPLODES}), was calm
 * (finished, ratio < {@link SPIKE_CALM}), or neither. A divergence without a spike is not counted
 * as an explosion: then the step size, not the gradient, blew up.
 */
function explosion(r: RunSummary): "exploded" | "calm" | "unclear" {
  const ratio = spikeRatio(r);
  if (ratio != null && ratio >= SPIKE_EXPLODES) return "exploded";
  if (r.status === "finished" && ratio != null && ratio < SPIKE_CALM) return "calm";
  return "unclear";
}

function unclippedRuns(inputs: LectureInputs): RunSummary[] {
  return inputs.clipping?.runs.filter((r) => r.clip.mode === "none") ?? [];
}

/** C4: without clipping, gradients explode at a high learning rate. */
export function claimC4(inputs: LectureInputs): ClaimResult {
  const claim = "Without clipping, gradients explode (spikes, divergence) at a high learning rate.";
  const rule =
    "Unclipped runs of the clipping experiment: a run's gradient exploded if its max / " +
    `median gradient norm is ≥ ${SPIKE_EXPLODES} (a divergence without such a spike is the step ` +
    `size blowing up, not the gradient); it was calm if the run finished with a ratio < ` +
    `${SPIKE_CALM}. Holds if any unclipped run exploded; does not hold if all were calm; ` +
    "inconclusive otherwise.";
  const runs = unclippedRuns(inputs);
  if (!runs.length) return missing("C4", claim, rule, "no unclipped run");
  const lr = inputs.clipping!.runs[0];
  const evidence = [
    `optimiser ${lr.optimizer}, learning rate ${lr.learningRate}`,
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

/** C5: clipping at 5 or 10 restores stable training. */
export function claimC5(inputs: LectureInputs): ClaimResult {
  const claim = "Clipping the gradient norm at 5 or 10 restores stable training.";
  const rule = "For each cell whose unclipped run diverged with an exploding gradient (max / " +
    `median norm ≥ ${SPIKE_EXPLODES}, as in C4), the runs clipped by norm at 5 and at 10 of the ` +
    "same cell: holds if all of them finished, does not hold if none did; inconclusive if some " +
    "did, a run is missing, or no unclipped run diverged that way (a divergence without a " +
    "gradient spike is the step size blowing up, which clipping at 5 or 10 has nothing to act on).";
  const all = inputs.clipping?.runs ?? [];
  const diverged = unclippedRuns(inputs).filter((r) => r.status === "diverged");
  const unstable = diverged.filter((r) => explosion(r) === "exploded");
  if (!all.length) return missing("C5", claim, rule, "no clipping experiment");
  const evidence = all.map((r) =>
    `${r.id} (${r.cell}, clip ${clipLabel(r.clip)}): ${r.status}${
      r.status === "diverged" ? ` at step ${r.steps}` : ""
    }, final val loss ${fmt(r.valLoss)}, clip rate ${
      r.clipRate == null ? "–" : `${(r.clipRate * 100).toFixed(0)}%`
    }`
  );
  if (!unstable.length) {
    const why = diverged.length
      ? `${
        diverged.map((r) => `${r.id} diverged without a gradient spike (×${fmt(spikeRatio(r), 1)})`)
          .join(", ")
      }: the step size blew up, not the gradient, so clipping had nothing to act on`
      : "no unclipped run diverged, so there was nothing to restore";
    return result("C5", claim, rule, evidence, "inconclusive", why);
  }
  const clipped = unstable.flatMap((u) =>
    [5, 10].map((threshold) => ({
      cell: u.cell,
      threshold,
      run: all.find((r) =>
        r.cell === u.cell && r.hidden === u.hidden && r.clip.mode === "norm" &&
        r.clip.threshold === threshold
      ),
    }))
  );
  const absent = clipped.filter((c) => !c.run);
  if (absent.length) {
    return result(
      "C5",
      claim,
      rule,
      evidence,
      "inconclusive",
      `missing runs: ${absent.map((c) => `${c.cell} norm ${c.threshold}`).join(", ")}`,
    );
  }
  const stable = clipped.filter((c) => c.run!.status === "finished");
  // Per exploding cell: how its norm-5/10 runs ended, and which other clip settings finished.
  const perCell = unstable.map((u) => {
    const own = clipped.filter((c) => c.cell === u.cell).map((c) =>
      `norm ${c.threshold} ${c.run!.status}${
        c.run!.status === "diverged" && !c.run!.clipRate ? " (never clipped)" : ""
      }`
    );
    const others = all.filter((r) =>
      r.cell === u.cell && r.status === "finished" && r.clip.mode !== "none" &&
      !(r.clip.mode === "norm" && (r.clip.threshold === 5 || r.clip.threshold === 10))
    ).map((r) => clipLabel(r.clip));
    return `${u.cell}: ${own.join(", ")}${others.length ? `; ${others.join(", ")} finished` : ""}`;
  }).join("; ");
  if (stable.length === clipped.length) {
    return result("C5", claim, rule, evidence, "holds", perCell);
  }
  if (!stable.length) return result("C5", claim, rule, evidence, "does not hold", perCell);
  return result("C5", claim, rule, evidence, "inconclusive", `only some finished — ${perCell}`);
}

/** C6: the LSTM solves lags the RNN cannot. */
export function claimC6(inputs: LectureInputs): ClaimResult {
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

/** Every claim, C1–C7. */
export function evaluateClaims(inputs: LectureInputs): ClaimResult[] {
  return [claimC1, claimC2, claimC3, claimC4, claimC5, claimC6, claimC7].map((f) => f(inputs));
}

/** `lecture.md` from the claims; `sources` names each experiment's output folder. */
export function lectureMarkdown(
  claims: ClaimResult[],
  sources: Record<string, string>,
  quick: boolean,
): string {
  const out = [
    "# The lecture's claims, measured",
    "",
    `Experiments${quick ? " (quick profile: short budgets, weak evidence)" : ""}: ` +
    Object.entries(sources).map(([name, dir]) => `[${name}](${dir}/report.md)`).join(", ") + ".",
    "Each verdict follows from the rule stated under it, applied to those runs' `summary.json`; " +
    "one seed and one budget per setting.",
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
