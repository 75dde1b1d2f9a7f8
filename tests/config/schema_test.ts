import { assert, assertEquals } from "@std/assert";
import {
  type ExperimentConfig,
  experimentJsonSchema,
  experimentSchema,
  type RunConfig,
  TASKS,
} from "../../src/config/mod.ts";
import { schemaFileText } from "../../src/cli/schema.ts";

Deno.test("schema: a config with only a name gets every default", () => {
  const config: ExperimentConfig = experimentSchema.parse({ name: "x" });
  assertEquals(config, {
    name: "x",
    description: "",
    task: "charlm",
    model: {
      cell: "lstm",
      hidden: 128,
      layers: 1,
      embedding: 32,
      dropout: 0,
      init: { scheme: "uniform", embedding: "normal" },
      forgetBias: 0,
    },
    training: {
      optimizer: "adam",
      learningRate: 0.002,
      adam: { epsilon: 1e-8 },
      batch: 32,
      seqLen: 64,
      steps: 300,
      clip: { mode: "norm", threshold: 5 },
      seed: 1,
      evalInterval: 50,
      evalBatches: 0,
      sampleInterval: 100,
      checkpointInterval: 0,
      earlyStopping: { patience: 0 },
      weightDecay: 0,
    },
    evaluation: { checkpoint: "best", initialState: "zero", batches: 0 },
    backend: "wasm",
    implementation: "fused",
    products: "auto",
    blasThreads: 1,
    corpus: { id: "moby-dick", unknown: "own-id", split: [0.9, 0.05, 0.05] },
    sampling: { length: 200, temperature: 0.8, prime: "The " },
    state: { resetOnWrap: true },
    baselines: { ngram: { order: 5 } },
    grid: {},
    runs: [],
    quick: {},
  });
});

Deno.test("schema: partial objects keep their values and fill the rest", () => {
  const config = experimentSchema.parse({
    name: "x",
    corpus: { path: "my.txt" },
    training: { clip: { mode: "none" } },
  });
  if (config.task !== "charlm") throw new Error("expected a charlm config");
  assertEquals(config.corpus, { path: "my.txt", unknown: "own-id", split: [0.9, 0.05, 0.05] });
  assertEquals(config.training.clip, { mode: "none", threshold: 5 });
  assertEquals(config.training.steps, 300);
});

Deno.test("schema: strict objects, ranges and the task discriminator", () => {
  const bad = [
    { name: "x", extra: 1 },
    { name: "x", model: { hiden: 1 } },
    { name: "x", model: { layers: 9 } },
    { name: "x", model: { dropout: 1 } },
    { name: "x", model: { forgetBias: "1" } },
    { name: "x", model: { init: { scheme: "he" } } },
    { name: "x", training: { learningRate: 0 } },
    { name: "x", training: { clip: { threshold: 0 } } },
    { name: "x", evaluation: { checkpoint: "first" } },
    { name: "x", training: { adam: { epsilon: 0 } } },
    { name: "x", corpus: { unknown: "drop" } },
    { name: "x", state: { resetOnWrap: "yes" } },
    { name: "x", baselines: { ngram: { order: -1 } } },
    { name: "x", baselines: { ngram: { order: 2.5 } } },
    { name: "x", training: { seed: 1.5 } },
    { name: "x", task: "poetry" },
    { name: "x", grid: { "model.cell": [] } },
    {},
  ];
  for (const input of bad) {
    assert(!experimentSchema.safeParse(input).success, JSON.stringify(input));
  }
  assert(experimentSchema.safeParse({ name: "x", $schema: "./schema.json" }).success);
  assertEquals(TASKS, ["charlm", "adding", "copy", "forecast"]);
});

Deno.test("schema: RunConfig has no meta keys", () => {
  const run: RunConfig = experimentSchema.parse({ name: "x" });
  // @ts-expect-error grid is not part of a run
  run.grid;
  assert(run.model.hidden === 128);
});

Deno.test("schema: experiments/schema.json is the fresh generation (run deno task schema)", async () => {
  const committed = JSON.parse(
    await Deno.readTextFile(new URL("../../experiments/schema.json", import.meta.url)),
  );
  assertEquals(committed, experimentJsonSchema());
  assertEquals(committed, JSON.parse(schemaFileText()));
});

Deno.test("schema: the JSON Schema rejects unknown keys and knows defaults", () => {
  const schema = experimentJsonSchema() as {
    oneOf: {
      additionalProperties: boolean;
      required: string[];
      properties: Record<
        string,
        { additionalProperties?: boolean; properties?: Record<string, { default?: unknown }> }
      >;
    }[];
  };
  const charlm = schema.oneOf[0];
  assertEquals(charlm.additionalProperties, false);
  assertEquals(charlm.required, ["name"]);
  assertEquals(charlm.properties.model.additionalProperties, false);
  assertEquals(charlm.properties.model.properties?.hidden.default, 128);
  assert("$schema" in charlm.properties);
});
