import { assert, assertEquals, assertMatch, assertRejects, assertThrows } from "@std/assert";
import { experimentFromText, listExperiments, loadExperiment } from "../../src/config/mod.ts";
import { InputError } from "../../src/errors.ts";

/** Assert that loading `text` with `opts` fails with one line containing `message`. */
function assertBad(
  text: string,
  message: string,
  opts: { quick?: boolean; sets?: string[] } = {},
): void {
  const error = assertThrows(() => experimentFromText(text, "x.jsonc", opts), InputError, message);
  assert(!error.message.includes("\n"), error.message);
}

Deno.test("load: lstm-vs-rnn loads, expands to rnn, lstm, gru and a widened rnn × 3 seeds", async () => {
  const { file, config, runs: all } = await loadExperiment("lstm-vs-rnn");
  assert(file.endsWith("experiments/lstm-vs-rnn.jsonc"), file);
  assertEquals(config.name, "lstm-vs-rnn");
  assertEquals(all.length, 12);
  const runs = all.filter((r) => r.config.training.seed === 1);
  assertEquals(runs.map((r) => r.id), [
    "rnn-h128-seed=1",
    "lstm-h128-seed=1",
    "gru-h128-seed=1",
    "rnn-h272-seed=1",
  ]);
  assertEquals(all.filter((r) => r.id.startsWith("rnn-h272")).length, 3, "the extra run is seeded");
  const [rnn, lstm, , wide] = runs.map((r) => r.config);
  assertEquals([rnn.model.cell, lstm.model.cell, wide.model.cell], ["rnn", "lstm", "rnn"]);
  assertEquals(wide.model.hidden, 272);
  // Same budget and optimiser everywhere; ≥ 500k training characters per model.
  for (const { config: run } of runs) {
    assertEquals(run.training, lstm.training);
    assertEquals(run.model.embedding, 32);
    assert(run.training.steps * run.training.batch * run.training.seqLen >= 500_000);
  }
  // The widened RNN's recurrent parameters are the nearest to the LSTM's.
  const rnnParams = (e: number, h: number) => e * h + h * h + 2 * h;
  const lstmParams = 4 * rnnParams(32, 128);
  for (const h of [271, 273]) {
    assert(Math.abs(rnnParams(32, 272) - lstmParams) < Math.abs(rnnParams(32, h) - lstmParams));
  }
});

Deno.test("load: --quick shrinks the budget of lstm-vs-rnn, not the models", async () => {
  const { config, runs } = await loadExperiment("lstm-vs-rnn", { quick: true });
  assertEquals(config.training.steps, 90);
  assertEquals(config.training.evalInterval, 15);
  assertEquals(config.training.sampleInterval, 30);
  assertEquals(config.training.evalBatches, 4);
  assertEquals(runs.map((r) => [r.id, r.config.model.hidden]), [
    ["rnn-h128", 128],
    ["lstm-h128", 128],
    ["gru-h128", 128],
    ["rnn-h272", 272],
  ]);
});

Deno.test("load: smoke loads; a path works as well as a name", async () => {
  const byName = await loadExperiment("smoke");
  if (byName.config.task !== "charlm") throw new Error("expected a charlm config");
  assertEquals(byName.config.corpus.id, "sonnet-116");
  assertEquals(byName.config.model.hidden, 16);
  assertEquals([byName.config.training.batch, byName.config.training.seqLen], [4, 16]);
  assertEquals(byName.config.training.steps, 10);
  const byPath = await loadExperiment(byName.file);
  assertEquals(byPath.runs, byName.runs);
  assert((await listExperiments()).includes("smoke"));
});

Deno.test("load: quick is applied before --set, and --sets in order", () => {
  const text = '{ "name": "t", "quick": { "training.steps": 5, "model.hidden": 8 } }';
  const quickOnly = experimentFromText(text, "t", { quick: true });
  assertEquals([quickOnly.config.training.steps, quickOnly.config.model.hidden], [5, 8]);
  const both = experimentFromText(text, "t", {
    quick: true,
    sets: ["training.steps=7", "model.cell=gru", "training.steps=9"],
  });
  assertEquals([both.config.training.steps, both.config.model.hidden], [9, 8]);
  assertEquals(both.config.model.cell, "gru");
  const noQuick = experimentFromText(text, "t", { sets: ["training.steps=7"] });
  assertEquals([noQuick.config.training.steps, noQuick.config.model.hidden], [7, 128]);
});

Deno.test("load: --set can replace grid entries and the runs list", () => {
  const text = '{ "name": "t", "grid": { "model.cell": ["rnn", "lstm"] }, ' +
    '"runs": [{ "model.hidden": 8 }] }';
  const { runs } = experimentFromText(text, "t", {
    sets: ['grid.model.cell=["gru"]', "grid.model.layers=[1,2]", "runs=[]"],
  });
  assertEquals(runs.map((r) => r.id), ["l1", "l2"]);
  assertEquals(runs[0].config.model.cell, "gru");
});

Deno.test("load: JSONC comments and trailing commas are accepted", () => {
  const text = `// header
{
  "name": "t", /* inline */
  "model": { "hidden": 8, }, // trailing comma above
}`;
  assertEquals(experimentFromText(text, "t").config.model.hidden, 8);
});

Deno.test("load: a misspelt key names its full path and suggests the nearest", () => {
  assertBad(
    '{ "name": "t", "model": { "hiden": 64 } }',
    "x.jsonc: model.hiden: unknown key; did you mean model.hidden?",
  );
  assertBad(
    '{ "name": "t", "training": { "clip": { "treshold": 1 } } }',
    "x.jsonc: training.clip.treshold: unknown key; did you mean training.clip.threshold?",
  );
  assertBad('{ "name": "t", "modle": {} }', "x.jsonc: modle: unknown key; did you mean model?");
  assertBad('{ "name": "t", "zzzzzzzz": 1 }', "x.jsonc: zzzzzzzz: unknown key; valid keys here:");
  assertBad(
    '{ "name": "t", "quick": { "training.step": 3 } }',
    'x.jsonc: quick["training.step"]: "training.step" is not a key path a run can vary; ' +
      "did you mean training.steps?",
  );
});

Deno.test("load: wrong types and ranges name key, expectation and value", () => {
  assertBad(
    '{ "name": "t", "model": { "hidden": "64" } }',
    'x.jsonc: model.hidden: expected an integer, got the string "64"; use e.g. 128 (the default)',
  );
  assertBad(
    '{ "name": "t", "model": { "hidden": 1.5 } }',
    "x.jsonc: model.hidden: expected an integer, got 1.5",
  );
  assertBad(
    '{ "name": "t", "model": { "layers": 9 } }',
    "x.jsonc: model.layers: must be ≤ 8, got 9",
  );
  assertBad(
    '{ "name": "t", "model": { "dropout": 1 } }',
    "x.jsonc: model.dropout: must be < 1, got 1",
  );
  assertBad(
    '{ "name": "t", "training": { "learningRate": 0 } }',
    "x.jsonc: training.learningRate: must be > 0, got 0; use e.g. 0.002 (the default)",
  );
  assertBad(
    '{ "name": "t", "model": { "cell": "lstn" } }',
    'x.jsonc: model.cell: must be one of "rnn", "lstm", "gru", got the string "lstn"; ' +
      'did you mean "lstm"?',
  );
  assertBad('{ "name": "t", "model": 3 }', "x.jsonc: model: expected an object, got 3");
  assertBad('{ "model": {} }', "x.jsonc: name: missing (expected a string); add it");
  assertBad('{ "name": "t", "task": "poetry" }', 'x.jsonc: task: unknown task "poetry"');
  assertBad(
    '{ "name": "t", "corpus": { "id": "a", "path": "b" } }',
    "x.jsonc: corpus: has both id and path",
  );
  assertBad(
    '{ "name": "t", "corpus": { "split": [0.5, 0.5, 0.5] } }',
    "x.jsonc: corpus.split: must be three fractions summing to 1",
  );
  assertBad("[1, 2]", "x.jsonc: expected a JSON object at the top level");
  assertBad('{ "name": "t", }  }', "x.jsonc:1:19: JSONC syntax error: unexpected text");
});

Deno.test("load: bad --set names the --set", () => {
  const text = '{ "name": "t" }';
  assertBad(text, "--set training.steps: missing '='", { sets: ["training.steps"] });
  assertBad(
    text,
    '--set model.hiden=3: unknown key path "model.hiden"; did you mean model.hidden?',
    { sets: ["model.hiden=3"] },
  );
  assertBad(
    text,
    "x.jsonc: training.steps (from --set training.steps=abc): expected an integer, " +
      'got the string "abc"',
    { sets: ["training.steps=abc"] },
  );
  assertBad(
    text,
    'x.jsonc: training.clip.mode (from --set training.clip={"mode":"nrm"}): must be one of',
    { sets: ['training.clip={"mode":"nrm"}'] },
  );
  assertBad(
    text,
    '--set grid.model.cel=["rnn"]: "model.cel" is not a key path a run can vary; ' +
      "did you mean model.cell?",
    { sets: ['grid.model.cel=["rnn"]'] },
  );
  assertBad(text, '--set quick=1: unknown key path "quick"', { sets: ["quick=1"] });
});

Deno.test("load: a bad quick value names the quick entry", () => {
  assertBad(
    '{ "name": "t", "quick": { "training.steps": 0 } }',
    'x.jsonc: training.steps (from quick["training.steps"]): must be ≥ 1, got 0',
    { quick: true },
  );
});

Deno.test("load: unknown experiment lists the available ones", async () => {
  const error = await assertRejects(
    () => loadExperiment("lstm-vs-rn"),
    InputError,
    'experiment "lstm-vs-rn": unknown experiment (available: ',
  );
  assertMatch(error.message, /available: [^)]*lstm-vs-rnn[^)]*smoke/);
});

Deno.test("load: missing, unreadable and non-UTF-8 files", async () => {
  await assertRejects(
    () => loadExperiment("./no/such/file.jsonc"),
    InputError,
    "./no/such/file.jsonc: file not found",
  );
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(() => loadExperiment(dir), InputError, `${dir}: cannot read the file`);
    const latin1 = `${dir}/latin1.jsonc`;
    await Deno.writeFile(latin1, new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    await assertRejects(() => loadExperiment(latin1), InputError, `${latin1}: not valid UTF-8`);
    const syntax = `${dir}/bad.jsonc`;
    await Deno.writeTextFile(syntax, '{\n  "name": "t",\n  "model": { hidden: 1 }\n}\n');
    await assertRejects(
      () => loadExperiment(syntax),
      InputError,
      `${syntax}:3:14: JSONC syntax error: expected a double-quoted key`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
