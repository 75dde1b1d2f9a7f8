import { assert, assertEquals, assertThrows } from "@std/assert";
import { expandRuns, experimentSchema } from "../../src/config/mod.ts";
import { InputError } from "../../src/errors.ts";
import { CELL_NAMES } from "../../src/config/common.ts";

/** The registered cells as the "must be one of" message lists them. */
const CELLS_LISTED = CELL_NAMES.map((name) => `"${name}"`).join(", ");

const config = (input: Record<string, unknown>) => experimentSchema.parse({ name: "t", ...input });

Deno.test("grid: cell × hidden × clip is a cartesian product, first key outermost", () => {
  const runs = expandRuns(config({
    grid: {
      "model.cell": ["rnn", "lstm", "gru"],
      "model.hidden": [64, 128],
      "training.clip": [{ mode: "none" }, { mode: "norm", threshold: 5 }, {
        mode: "value",
        threshold: 1,
      }],
    },
  }));
  assertEquals(runs.length, 18);
  assertEquals(runs.slice(0, 4).map((r) => r.id), [
    "rnn-h64-clip-none",
    "rnn-h64-clip-norm5",
    "rnn-h64-clip-value1",
    "rnn-h128-clip-none",
  ]);
  assertEquals(runs.at(-1)!.id, "gru-h128-clip-value1");
  assertEquals(new Set(runs.map((r) => r.id)).size, 18);
  // Clip objects replace whole and get their defaults back.
  assertEquals(runs[0].config.training.clip, { mode: "none", threshold: 5 });
  assertEquals(runs[5].config.model, {
    cell: "rnn",
    hidden: 128,
    layers: 1,
    embedding: 32,
    dropout: 0,
    init: { scheme: "uniform", embedding: "normal" },
    forgetBias: 0,
  });
});

Deno.test("grid: run configs have no meta keys; ids are stable", () => {
  const c = config({ grid: { "model.layers": [1, 2] }, quick: { "training.steps": 1 } });
  const runs = expandRuns(c);
  assertEquals(runs.map((r) => r.id), ["l1", "l2"]);
  for (const run of runs) {
    for (const key of ["grid", "runs", "quick", "$schema"]) assert(!(key in run.config), key);
  }
  assertEquals(expandRuns(c), runs);
});

Deno.test("grid: extra runs are appended; only varying values label ids", () => {
  const runs = expandRuns(config({
    grid: { "model.cell": ["rnn", "lstm"] },
    runs: [{ "model.cell": "rnn", "model.hidden": 272 }, { "training.learningRate": 0.01 }],
  }));
  assertEquals(runs.map((r) => r.id), [
    "rnn-h128-learningRate=0.002",
    "lstm-h128-learningRate=0.002",
    "rnn-h272-learningRate=0.002",
    "lstm-h128-learningRate=0.01",
  ]);
});

Deno.test("grid: a seed axis crosses the extra runs too, unless an entry sets its own seed", () => {
  const runs = expandRuns(config({
    grid: { "model.cell": ["rnn", "lstm"], "training.seed": [1, 2] },
    runs: [{ "model.cell": "rnn", "model.hidden": 272 }, { "training.seed": 9 }],
  }));
  assertEquals(runs.map((r) => r.id), [
    "rnn-h128-seed=1",
    "rnn-h128-seed=2",
    "lstm-h128-seed=1",
    "lstm-h128-seed=2",
    "rnn-h272-seed=1",
    "rnn-h272-seed=2",
    "lstm-h128-seed=9",
  ]);
  assertEquals(runs[5].config.training.seed, 2);
});

Deno.test("grid: forgetBias labels only cells with a forget gate, unless a gateless cell varies it", () => {
  const ids = (input: Record<string, unknown>) => expandRuns(config(input)).map((r) => r.id);
  // lstm-init / lstm-variants: the extra rnn and nfg runs do not carry the axis they ignore.
  assertEquals(
    ids({
      grid: { "model.cell": ["lstm", "cifg"], "model.forgetBias": [0, 1], "training.seed": [1] },
      runs: [{ "model.cell": "rnn" }, { "model.cell": "nfg" }],
    }),
    [
      "lstm-forgetBias=0",
      "lstm-forgetBias=1",
      "cifg-forgetBias=0",
      "cifg-forgetBias=1",
      "rnn",
      "nfg",
    ],
  );
  // A gateless cell crossed with the axis keeps the label, so its runs stay told apart.
  assertEquals(ids({ grid: { "model.cell": ["gru"], "model.forgetBias": [0, 1] } }), [
    "forgetBias=0",
    "forgetBias=1",
  ]);
});

Deno.test("grid: no grid and no runs is one run; runs without a grid are the runs", () => {
  assertEquals(expandRuns(config({})).map((r) => r.id), ["run"]);
  const runs = expandRuns(config({ runs: [{ "model.cell": "rnn" }, { "model.cell": "gru" }] }));
  assertEquals(runs.map((r) => [r.id, r.config.model.cell]), [["rnn", "rnn"], ["gru", "gru"]]);
});

Deno.test("grid: identical runs are kept once; colliding labels get -2", () => {
  const same = expandRuns(config({
    grid: { "model.cell": ["lstm", "rnn"] },
    runs: [{ "model.cell": "lstm" }],
  }));
  assertEquals(same.map((r) => r.id), ["lstm", "rnn"]);
  const colliding = expandRuns(config({ grid: { "sampling.prime": ["a b", "a_b", "a?b"] } }));
  assertEquals(colliding.map((r) => r.id), ["prime=a_b", "prime=a_b-2", "prime=a_b-3"]);
});

Deno.test("grid: bad keys and values name the grid or runs entry", () => {
  assertThrows(
    () => expandRuns(config({ grid: { "model.hiden": [1] } }), "f.jsonc"),
    InputError,
    'f.jsonc: grid["model.hiden"]: "model.hiden" is not a key path a run can vary; ' +
      "did you mean model.hidden?",
  );
  assertThrows(
    () => expandRuns(config({ grid: { name: ["a", "b"] } }), "f.jsonc"),
    InputError,
    'f.jsonc: grid["name"]: "name" is not a key path a run can vary',
  );
  assertThrows(
    () => expandRuns(config({ runs: [{ "training.clip.mod": "none" }] }), "f.jsonc"),
    InputError,
    'f.jsonc: runs[0]["training.clip.mod"]: "training.clip.mod" is not a key path a run can ' +
      "vary; did you mean training.clip.mode?",
  );
  assertThrows(
    () => expandRuns(config({ grid: { "model.hidden": [64, -1] } }), "f.jsonc"),
    InputError,
    'f.jsonc: model.hidden (from grid["model.hidden"]): must be ≥ 1, got -1',
  );
  assertThrows(
    () => expandRuns(config({ runs: [{ "model.cell": "lstn" }] }), "f.jsonc"),
    InputError,
    `f.jsonc: model.cell (from runs[0]["model.cell"]): must be one of ${CELLS_LISTED}, ` +
      'got the string "lstn"; did you mean "lstm"?',
  );
});
