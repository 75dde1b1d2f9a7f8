import { assert, assertEquals } from "@std/assert";
import {
  compareGroups,
  comparisonSentence,
  crossover,
  crossoverSentence,
  groupBySeed,
  scoreMetric,
  seedOf,
  TEST_BPC,
  VAL_BPC,
} from "../../src/report/seed_groups.ts";
import type { RunSummary } from "../../src/report/summary.ts";

const run = (id: string, fields: Partial<RunSummary> = {}) =>
  ({ id, status: "finished", steps: 100, charsSeen: 1000, evals: [], ...fields }) as RunSummary;

Deno.test("seed groups: pairs by seed, skips runs that did not finish", () => {
  const runs = [
    run("lstm-seed=1", { testBpc: 2.40 }),
    run("lstm-seed=2", { testBpc: 2.60 }),
    run("lstm-seed=3", { testBpc: 2.50, status: "diverged" }),
    run("rnn-seed=1", { testBpc: 2.50 }),
    run("rnn-seed=2", { testBpc: 2.71 }),
    run("rnn-seed=3", { testBpc: 2.20 }),
  ];
  const [lstm, rnn] = groupBySeed(runs);
  assertEquals(seedOf(runs[1]), 2);
  const c = compareGroups(lstm, rnn, TEST_BPC);
  assertEquals(c.seeds, [1, 2], "seed 3's lstm diverged: no pair");
  assertEquals(c.difference!.n, 2);
  // Differences −0.10 and −0.11: steady enough that even t(1) = 12.71 leaves the interval below 0.
  assert(Math.abs(c.difference!.mean + 0.105) < 1e-9);
  assertEquals(c.outcome, "a lower");
  const sentence = comparisonSentence(c);
  assert(sentence.startsWith("lstm − rnn, test bpc: −0.105 ± "), sentence);
  assert(sentence.includes("95 % CI") && sentence.endsWith("lstm is lower."), sentence);
});

Deno.test("seed groups: seed noise larger than the difference is inconclusive", () => {
  const runs = [
    run("lstm-seed=1", { testBpc: 2.40 }),
    run("lstm-seed=2", { testBpc: 2.60 }),
    run("lstm-seed=3", { testBpc: 2.45 }),
    run("rnn-seed=1", { testBpc: 2.50 }),
    run("rnn-seed=2", { testBpc: 2.55 }),
    run("rnn-seed=3", { testBpc: 2.44 }),
  ];
  const [lstm, rnn] = groupBySeed(runs);
  const c = compareGroups(lstm, rnn, TEST_BPC);
  assertEquals(c.outcome, "inconclusive");
  assert(comparisonSentence(c).endsWith("inconclusive (within seed noise)."));
  // One seed: no interval, so never a verdict.
  const one = compareGroups(
    { id: "lstm", runs: [run("lstm", { testBpc: 1 })] },
    { id: "rnn", runs: [run("rnn", { testBpc: 2 })] },
    TEST_BPC,
  );
  assertEquals(one.outcome, "inconclusive");
  assertEquals(
    comparisonSentence(one),
    "lstm − rnn, test bpc: −1.000 (one seed): inconclusive (one seed: its noise is unknown).",
  );
});

Deno.test("seed groups: the score is test bpc when every finished run has it", () => {
  assertEquals(scoreMetric([run("a", { testBpc: 2, valBpc: 2 })]).name, "test bpc");
  assertEquals(scoreMetric([run("a", { testBpc: 2 }), run("b", { valBpc: 2 })]), VAL_BPC);
});

Deno.test("crossover: from seed-mean curves, only when the lead holds to the end", () => {
  const curve = (losses: number[]) => losses.map((valLoss, i) => ({ step: 10 * (i + 1), valLoss }));
  const lstm = groupBySeed([
    run("lstm-seed=1", { evals: curve([3.0, 2.6, 2.1, 1.9]) }),
    run("lstm-seed=2", { evals: curve([3.2, 2.4, 2.3, 2.0]) }),
  ])[0];
  const rnn = groupBySeed([
    run("rnn-seed=1", { evals: curve([2.8, 2.4, 2.4, 2.2]) }),
    run("rnn-seed=2", { evals: curve([2.9, 2.7, 2.2, 2.1]) }),
  ])[0];
  // Means: lstm 3.1, 2.5, 2.2, 1.95; rnn 2.85, 2.55, 2.3, 2.15 → ahead from step 20 on.
  const c = crossover(lstm, rnn)!;
  assertEquals(c, { aheadFrom: 200, budget: 400, points: 4 });
  assertEquals(crossover(rnn, lstm)!.aheadFrom, null);
  assert(
    crossoverSentence("lstm", "rnn", c).startsWith("lstm is ahead of rnn from 200 characters"),
  );
  assert(crossoverSentence("rnn", "lstm", crossover(rnn, lstm)).includes("not ahead"));
});
