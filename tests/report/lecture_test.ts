import { assertEquals, assertStringIncludes } from "@std/assert";
import {
  claimC1,
  claimC2,
  claimC3,
  claimC4,
  claimC5,
  claimC6,
  claimC7,
  type ClaimResult,
  evaluateClaims,
  initStatement,
  type LectureInputs,
  lectureMarkdown,
} from "../../src/report/lecture.ts";
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";
import type { MemoryEntry } from "../../src/tasks/memory.ts";
import { ownStderr, runCliProcess } from "../_cli.ts";
import { deleteReport, reportFiles } from "../_report_files.ts";
import { clippingStudy, studyId } from "./_clipping_study.ts";

/** A fabricated run: a finished charlm run unless overridden. */
function run(overrides: Partial<RunSummary>): RunSummary {
  return {
    id: overrides.cell ?? "run",
    cell: "rnn",
    hidden: 128,
    layers: 1,
    embedding: 32,
    params: 1000,
    recurrentParams: 20736,
    status: "finished",
    steps: 300,
    charsSeen: 614400,
    valLoss: 1.5,
    valBpc: 2.2,
    valPpl: 4.5,
    trainLoss: 1.5,
    charsPerSec: 1000,
    clipRate: 0,
    gradNorm: { median: 1, max: 2 },
    wallSeconds: 1,
    clip: { mode: "norm", threshold: 5 },
    optimizer: "adam",
    learningRate: 0.002,
    backend: "cpu",
    implementation: "fused",
    evals: [{ step: 100, valLoss: 2 }, { step: 300, valLoss: 1.5 }],
    samples: [],
    ...overrides,
  };
}

function summary(runs: RunSummary[], extra: Record<string, unknown> = {}): ExperimentSummary {
  return {
    experiment: "x",
    description: "",
    task: "charlm",
    createdAt: "",
    quick: false,
    runs,
    ...extra,
  };
}

const flow = (
  decayPerStep: number | null,
) => [{ step: 300, layer: 0, norms: [1, 0.5], decayPerStep }];

function verdicts(claim: (i: LectureInputs) => ClaimResult, cases: [LectureInputs, string][]) {
  for (const [inputs, expected] of cases) {
    const result = claim(inputs);
    assertEquals(result.verdict, expected, `${result.id}: ${result.reason}`);
  }
}

const lvr = (rnn: Partial<RunSummary>, lstm: Partial<RunSummary>) => ({
  lstmVsRnn: summary([run({ cell: "rnn", ...rnn }), run({ cell: "lstm", ...lstm })]),
});

Deno.test("C1: parameter ratio 4 holds, 3 does not, no pair is inconclusive", () => {
  verdicts(claimC1, [
    [lvr({ recurrentParams: 20736 }, { recurrentParams: 82944 }), "holds"],
    [lvr({ recurrentParams: 20736 }, { recurrentParams: 62208 }), "does not hold"],
    [lvr({ hidden: 272 }, {}), "inconclusive"],
    [{}, "inconclusive"],
  ]);
});

/** lstm-vs-rnn with one rnn and one lstm run per seed: `[rnn, lstm]` overrides per seed. */
const seeded = (pairs: [Partial<RunSummary>, Partial<RunSummary>][]) => ({
  lstmVsRnn: summary(pairs.flatMap(([rnn, lstm], i) => [
    run({ cell: "rnn", id: `rnn-seed=${i + 1}`, ...rnn }),
    run({ cell: "lstm", id: `lstm-seed=${i + 1}`, ...lstm }),
  ])),
});

Deno.test("C2: the paired interval decides: LSTM lower holds, RNN lower does not, noise inconclusive", () => {
  const bpc = (rnn: number, lstm: number) =>
    [{ testBpc: rnn }, { testBpc: lstm }] as [Partial<RunSummary>, Partial<RunSummary>];
  verdicts(claimC2, [
    [seeded([bpc(2.5, 2.2), bpc(2.6, 2.25), bpc(2.45, 2.2)]), "holds"],
    [seeded([bpc(2.2, 2.5), bpc(2.25, 2.6), bpc(2.2, 2.45)]), "does not hold"],
    // Lower on average, but one seed says the opposite: within seed noise.
    [seeded([bpc(2.5, 2.2), bpc(2.3, 2.4), bpc(2.45, 2.3)]), "inconclusive"],
    // One seed: no interval, however large the difference.
    [seeded([bpc(2.9, 2.2)]), "inconclusive"],
    [seeded([[{ testBpc: 2.5, charsSeen: 10 }, { testBpc: 2.2 }], bpc(2.6, 2.2)]), "inconclusive"],
    [seeded([[{ status: "diverged", testBpc: null }, {}], bpc(2.6, 2.2)]), "inconclusive"],
  ]);
  const held = claimC2(seeded([bpc(2.5, 2.2), bpc(2.6, 2.25), bpc(2.45, 2.2)]));
  assertStringIncludes(
    held.reason,
    "at 300 steps, 614 k characters: the LSTM is lower by 0.300 test bpc (95 % CI of RNN − LSTM " +
      "0.176 … 0.424)",
  );
  const lost = claimC2(seeded([bpc(2.2, 2.5), bpc(2.25, 2.6), bpc(2.2, 2.45)]));
  assertStringIncludes(
    lost.reason,
    "the RNN is lower by 0.300 test bpc (95 % CI of RNN − LSTM −0.424 … −0.176)",
  );
  assertStringIncludes(held.evidence.join("\n"), "95 % CI");
  // The fixture's eval curves are equal, so neither is ahead on the way.
  assertStringIncludes(held.evidence.join("\n"), "lstm is not ahead of rnn within this budget");
  const noise = claimC2(seeded([bpc(2.5, 2.2), bpc(2.3, 2.4), bpc(2.45, 2.3)]));
  assertStringIncludes(noise.reason, "inconclusive (within seed noise)");
});

Deno.test("C3: faster RNN decay in every seed holds, faster LSTM decay does not, noise inconclusive", () => {
  const decay = (rnn: number | null, lstm: number) =>
    [rnn === null ? {} : { gradFlow: flow(rnn) }, { gradFlow: flow(lstm) }] as [
      Partial<RunSummary>,
      Partial<RunSummary>,
    ];
  verdicts(claimC3, [
    [seeded([decay(-0.9, -0.3), decay(-0.8, -0.25), decay(-0.85, -0.3)]), "holds"],
    [seeded([decay(-0.1, -0.5), decay(-0.15, -0.45), decay(-0.1, -0.55)]), "does not hold"],
    [seeded([decay(-0.32, -0.3), decay(-0.28, -0.3), decay(-0.3, -0.31)]), "inconclusive"],
    [seeded([decay(null, -0.3)]), "inconclusive"],
  ]);
  const held = claimC3(seeded([decay(-0.9, -0.3), decay(-0.8, -0.25), decay(-0.85, -0.3)]));
  assertStringIncludes(
    held.reason,
    "the RNN's gradient decays 0.567 log-norm/step (95 % CI of RNN − LSTM −",
  );
});

Deno.test("C3: the long-memory context lists every seed's run, once per lag and cell", () => {
  const inputs = seeded([
    [{ gradFlow: flow(-0.9) }, { gradFlow: flow(-0.3) }],
    [{ gradFlow: flow(-0.8) }, { gradFlow: flow(-0.25) }],
  ]);
  const memoryRun = (cell: string, seed: number, decay: number) =>
    run({ id: `lag=10-${cell}-seed=${seed}`, cell, memory: { lag: 10 }, gradFlow: flow(decay) });
  const runs = [
    memoryRun("rnn", 1, -0.5),
    memoryRun("rnn", 2, -0.6),
    memoryRun("lstm", 1, -0.1),
    memoryRun("lstm", 2, -0.2),
  ];
  // The success table has one entry per run, without its seed (as the memory task writes it).
  const tasks = runs.map((r) => ({ lag: 10, cell: r.cell, solved: true }));
  const longMemory = summary(runs, { task: "adding", tasks });
  const lines = claimC3({ ...inputs, longMemory }).evidence.filter((l) =>
    l.startsWith("long-memory")
  );
  assertEquals(lines, [
    "long-memory lag 10, rnn (not in the rule): decay -0.5000 (lag=10-rnn-seed=1), " +
    "-0.6000 (lag=10-rnn-seed=2) log-norm/step",
    "long-memory lag 10, lstm (not in the rule): decay -0.1000 (lag=10-lstm-seed=1), " +
    "-0.2000 (lag=10-lstm-seed=2) log-norm/step",
  ]);
});

const none = { mode: "none", threshold: 5 };
const norm = (threshold: number) => ({ mode: "norm", threshold });
const clipping = (...runs: Partial<RunSummary>[]) => ({
  clipping: summary(runs.map((r, i) => run({ id: `r${i}`, ...r }))),
});

Deno.test("C4: a 10× spike holds, calm does not, in between or a spike-free divergence inconclusive", () => {
  verdicts(claimC4, [
    [clipping({ clip: none, status: "diverged", gradNorm: { median: 1, max: 30 } }), "holds"],
    [clipping({ clip: none, status: "diverged", valLoss: null }), "inconclusive"],
    [clipping({ clip: none, gradNorm: { median: 1, max: 12 } }), "holds"],
    [clipping({ clip: none, gradNorm: { median: 1, max: 2 } }), "does not hold"],
    [clipping({ clip: none, gradNorm: { median: 1, max: 5 } }), "inconclusive"],
    [clipping({ clip: norm(5) }), "inconclusive"],
  ]);
});

Deno.test("C5: clipped runs finishing holds, any diverging does not, nothing to fix inconclusive", () => {
  const spiked = { clip: none, gradNorm: { median: 1, max: 40 } };
  const exploded = {
    clip: none,
    status: "diverged" as const,
    valLoss: null,
    gradNorm: { median: 1, max: 30 },
  };
  const steppedOver = { clip: none, status: "diverged" as const, valLoss: null };
  const diverged = { status: "diverged" as const, valLoss: null };
  verdicts(claimC5, [
    [clipping(exploded, { clip: norm(5) }, { clip: norm(10) }), "holds"],
    [
      clipping(exploded, { clip: norm(5), ...diverged }, { clip: norm(10), ...diverged }),
      "does not hold",
    ],
    // One threshold failing where the gradient exploded is a counterexample.
    [clipping(exploded, { clip: norm(5) }, { clip: norm(10), ...diverged }), "does not hold"],
    [clipping({ clip: none }, { clip: norm(5) }, { clip: norm(10) }), "inconclusive"],
    [clipping(spiked, { clip: norm(5) }, { clip: norm(10) }), "inconclusive"],
    [clipping(exploded, { clip: norm(5) }), "inconclusive"],
    [
      clipping(steppedOver, { clip: norm(5), ...diverged }, { clip: norm(10), ...diverged }),
      "inconclusive",
    ],
  ]);
  assertStringIncludes(
    claimC5(clipping(steppedOver, { clip: norm(5), ...diverged }, { clip: norm(10), ...diverged }))
      .reason,
    "diverged without a gradient spike",
  );
  const reason = claimC5(
    clipping(exploded, { clip: norm(1) }, { clip: norm(5), ...diverged }, {
      clip: norm(10),
      ...diverged,
    }),
  ).reason;
  assertStringIncludes(
    reason,
    "there rnn at lr 0.002: norm 5 diverged at step 300, never clipped; " +
      "rnn at lr 0.002: norm 10 diverged at step 300, never clipped",
  );
});

function memory(solved: Record<string, boolean[]>, lags = [10, 50]): LectureInputs {
  const entries: MemoryEntry[] = Object.entries(solved).flatMap(([cell, flags]) =>
    flags.map((ok, i) => ({
      task: "adding" as const,
      variant: "halves",
      lag: lags[i],
      cell,
      solved: ok,
      metric: ok ? 0.001 : 0.1,
      metricName: "mse" as const,
      baseline: 1 / 6,
      stepsToSolve: ok ? 100 : null,
    }))
  );
  return { longMemory: summary([], { task: "adding", tasks: entries }) };
}

Deno.test("C6: LSTM-only lags hold, RNN matching or beating it does not, edge cases inconclusive", () => {
  verdicts(claimC6, [
    [memory({ rnn: [true, false], lstm: [true, true] }), "holds"],
    [memory({ rnn: [true, true], lstm: [true, false] }), "does not hold"],
    [memory({ rnn: [true, false], lstm: [true, false] }), "does not hold"],
    [memory({ rnn: [true, true], lstm: [true, true] }), "inconclusive"],
    [memory({ rnn: [false, false], lstm: [false, false] }), "inconclusive"],
    [memory({ rnn: [true, false], lstm: [false, true] }), "inconclusive"],
    [memory({ lstm: [true, true] }), "inconclusive"],
  ]);
});

Deno.test("C4–C6 over seeds: a yes/no claim holds only if it holds in every seed", () => {
  const unclipped = (seed: number, max: number) =>
    run({ id: `rnn-seed=${seed}`, clip: none, gradNorm: { median: 1, max } });
  const c4 = (...maxes: number[]) => ({
    clipping: summary(maxes.map((max, i) => unclipped(i + 1, max))),
  });
  verdicts(claimC4, [
    [c4(30, 12, 50), "holds"],
    [c4(30, 2, 50), "inconclusive"],
    [c4(2, 1.5), "does not hold"],
  ]);
  assertStringIncludes(claimC4(c4(30, 2, 50)).reason, "seed 1 holds, seed 2 does not hold");
  // C6 from each seed's runs (their `memory` entries), not the pooled table.
  const entry = (cell: string, lag: number, solved: boolean) => ({
    task: "adding",
    variant: "halves",
    lag,
    cell,
    solved,
    metric: solved ? 0.001 : 0.1,
    metricName: "mse",
    baseline: 1 / 6,
    stepsToSolve: null,
  });
  const memoryRun = (seed: number, cell: string, lag: number, solved: boolean) =>
    run({ id: `${cell}-lag=${lag}-seed=${seed}`, cell, memory: entry(cell, lag, solved) });
  const c6 = (rnnSolvesLong: boolean[]) => ({
    longMemory: summary(
      rnnSolvesLong.flatMap((solved, i) => [
        memoryRun(i + 1, "rnn", 10, true),
        memoryRun(i + 1, "rnn", 100, solved),
        memoryRun(i + 1, "lstm", 10, true),
        memoryRun(i + 1, "lstm", 100, true),
      ]),
      { tasks: [] },
    ),
  });
  verdicts(claimC6, [
    [c6([false, false]), "holds"],
    [c6([false, true]), "inconclusive"],
    [c6([true, true]), "inconclusive"],
  ]);
});

Deno.test("C5 judges the clipped runs at the learning rate where the unclipped run exploded", () => {
  const at = (lr: number, fields: Partial<RunSummary>) => ({ learningRate: lr, ...fields });
  const exploded = {
    clip: none,
    status: "diverged" as const,
    valLoss: null,
    gradNorm: { median: 1, max: 30 },
  };
  const calm = { clip: none, gradNorm: { median: 1, max: 2 } };
  const diverged = { status: "diverged" as const, valLoss: null };
  verdicts(claimC5, [
    // Explodes at lr 1, where norm 5/10 finish; at lr 0.1 nothing exploded (the diverged clipped
    // runs there are not evidence about restoring stability).
    [
      clipping(
        at(1, exploded),
        at(1, { clip: norm(5) }),
        at(1, { clip: norm(10) }),
        at(0.1, calm),
        at(0.1, { clip: norm(5), ...diverged }),
        at(0.1, { clip: norm(10), ...diverged }),
      ),
      "holds",
    ],
    [
      clipping(
        at(1, exploded),
        at(1, { clip: norm(5), ...diverged }),
        at(1, { clip: norm(10), ...diverged }),
        at(0.1, { clip: norm(5) }),
        at(0.1, { clip: norm(10) }),
      ),
      "does not hold",
    ],
  ]);
});

Deno.test("lecture.md names the init of the verdicts and whether C2 depends on it", () => {
  const lstmVsRnn = summary([
    run({ cell: "rnn", initScheme: "uniform", forgetBias: null }),
    run({ cell: "lstm", initScheme: "uniform", forgetBias: 0 }),
  ]);
  const study = (lstmBpc: Record<number, number[]>) =>
    summary([
      ...[2.5, 2.55, 2.52].map((testBpc, i) =>
        run({ id: `rnn-seed=${i + 1}`, cell: "rnn", testBpc, forgetBias: null })
      ),
      ...Object.entries(lstmBpc).flatMap(([bias, values]) =>
        values.map((testBpc, i) =>
          run({
            id: `lstm-forgetBias=${bias}-seed=${i + 1}`,
            cell: "lstm",
            testBpc,
            forgetBias: Number(bias),
          })
        )
      ),
    ]);
  const flips = initStatement({
    lstmVsRnn,
    lstmInit: study({ 0: [2.3, 2.36, 2.31], 1: [2.6, 2.66, 2.61] }),
  });
  assertStringIncludes(flips, "Init of the verdicts: `uniform`, LSTM forget-gate bias 0");
  assertStringIncludes(flips, "forget bias 0: **holds**");
  assertStringIncludes(flips, "forget bias 1: **does not hold**");
  assertStringIncludes(flips, "**the verdict depends on the init**");
  // The direct paired comparison of the two biases, over the same seeds.
  assertStringIncludes(
    flips,
    "The LSTM against itself at the other bias: lstm-forgetBias=1 − lstm-forgetBias=0, test bpc: " +
      "0.300 ± 0.000 (95 % CI 0.300 … 0.300; 3 paired seeds): lstm-forgetBias=0 is lower.",
  );
  const same = initStatement({
    lstmVsRnn,
    lstmInit: study({ 0: [2.3, 2.36, 2.31], 1: [2.28, 2.35, 2.3] }),
  });
  assertStringIncludes(same, "the same verdict for every init tried");
  assertStringIncludes(same, "lstm-forgetBias=1 − lstm-forgetBias=0, test bpc: −0.013 ± ");
  assertStringIncludes(same, "inconclusive (within seed noise).");
  assertStringIncludes(initStatement({ lstmVsRnn }), "was not measured in this suite");
});

const samples = (first: number, last: number) => [
  { step: 100, text: "the whale", quality: first },
  { step: 300, text: "the sea", quality: last },
];

Deno.test("C7: rising sample quality holds, falling does not, split or missing inconclusive", () => {
  const three = (...q: [number, number][]) => ({
    lstmVsRnn: summary(q.map(([a, b], i) => run({ id: `r${i}`, samples: samples(a, b) }))),
  });
  verdicts(claimC7, [
    [three([0.2, 0.6], [0.3, 0.5], [0.4, 0.3]), "holds"],
    [three([0.6, 0.2], [0.5, 0.5], [0.4, 0.7]), "does not hold"],
    [three([0.2, 0.6], [0.5, 0.5], [0.4, 0.42]), "inconclusive"],
    [{ lstmVsRnn: summary([run({})]) }, "inconclusive"],
  ]);
});

Deno.test("lecture.md: a section and a verdict for every claim C1–C7", () => {
  const claims = evaluateClaims({});
  assertEquals(claims.map((c) => c.id), ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]);
  const text = lectureMarkdown(claims, { "lstm-vs-rnn": "lstm-vs-rnn" }, true);
  for (const c of claims) {
    assertStringIncludes(text, `## ${c.id}: `);
    assertStringIncludes(text, "**Verdict: inconclusive**");
  }
});

Deno.test("lecture CLI: runs the four experiments into DIR/<experiment>/ and writes lecture.md", async () => {
  const out = await Deno.makeTempDir({ prefix: "rnnlab-lecture-" });
  try {
    const sets = ["training.steps=3", "training.evalInterval=3", "training.sampleInterval=3"];
    const { code, stderr } = await runCliProcess("experiment", [
      "lecture",
      "--quick",
      "--out",
      out,
      ...sets.flatMap((s) => ["--set", s]),
    ]);
    assertEquals(code, 0, ownStderr(stderr));
    for (const name of ["lstm-vs-rnn", "clipping", "long-memory", "lstm-init"]) {
      const summary = JSON.parse(await Deno.readTextFile(`${out}/${name}/summary.json`));
      assertEquals(summary.experiment, name);
    }
    const memory = JSON.parse(await Deno.readTextFile(`${out}/long-memory/summary.json`));
    assertEquals(
      memory.tasks.map((t: MemoryEntry) => `${t.cell}@${t.lag}`),
      ["rnn@10", "lstm@10", "rnn@25", "lstm@25"],
    );
    const text = await Deno.readTextFile(`${out}/lecture.md`);
    for (const id of ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]) {
      assertStringIncludes(text, `## ${id}: `);
    }
    assertEquals(text.match(/\*\*Verdict: /g)?.length, 7);
    assertStringIncludes(text, "Init of the verdicts: `uniform`, LSTM forget-gate bias 0");
    assertStringIncludes(text, "Does C2 depend on it? In [lstm-init](lstm-init/report.md)");
    // deno task report DIR rebuilds every experiment's report and lecture.md, byte for byte.
    const parts = ["", "lstm-vs-rnn/", "clipping/", "long-memory/", "lstm-init/"];
    const written = await Promise.all(parts.map((p) => reportFiles(`${out}/${p}`)));
    assertEquals(Object.keys(written[0]), ["lecture.md"]);
    for (const p of parts) await deleteReport(`${out}/${p}`);
    const rebuilt = await runCliProcess("report", [out]);
    assertEquals(rebuilt.code, 0, ownStderr(rebuilt.stderr));
    assertEquals(await Promise.all(parts.map((p) => reportFiles(`${out}/${p}`))), written);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("C5 over learning rates and seeds: judged only where the unclipped run exploded", () => {
  // lr 4: the unclipped rnn explodes and diverges in both seeds, norm 5/10 finish → holds. lr 2:
  // it diverges without a spike (its clipped runs diverge too) → not judged; lstm calm → not judged.
  const holds = claimC5({ clipping: clippingStudy() });
  assertEquals(holds.verdict, "holds", holds.reason);
  assertStringIncludes(
    holds.reason,
    "the unclipped gradient exploded in rnn at lr 4 (seed 1 ×40.0, diverged at step 7; " +
      "seed 2 ×40.0, diverged at step 7); there norm 5 and norm 10 finished in every one (2 seeds)",
  );
  assertStringIncludes(holds.reason, "not judged: rnn at lr 2 (diverged without a gradient spike");
  assertStringIncludes(holds.reason, "lstm at lr 2 (no explosion)");
  // One seed where clipping fails at the exploding learning rate: does not hold, naming it.
  const fails = claimC5({ clipping: clippingStudy([studyId("rnn", 4, "norm10", 2)]) });
  assertEquals(fails.verdict, "does not hold", fails.reason);
  assertStringIncludes(fails.reason, "there rnn at lr 4, seed 2: norm 10 diverged at step 7");
  // A failure at a learning rate without an explosion is not evidence either way.
  const elsewhere = claimC5({ clipping: clippingStudy([studyId("lstm", 2, "norm10", 1)]) });
  assertEquals(elsewhere.verdict, "holds", elsewhere.reason);
  // Nothing exploded anywhere (the lr-4 runs left out): inconclusive, with the reason.
  const calm = clippingStudy();
  calm.runs = calm.runs.filter((r) => r.learningRate === 2);
  const none = claimC5({ clipping: calm });
  assertEquals(none.verdict, "inconclusive");
  assertStringIncludes(none.reason, "the step size blew up, not the gradient");
  // A missing clipped run where it exploded: inconclusive.
  const gap = clippingStudy();
  gap.runs = gap.runs.filter((r) => r.id !== studyId("rnn", 4, "norm5", 1));
  assertEquals(claimC5({ clipping: gap }).verdict, "inconclusive");
});
