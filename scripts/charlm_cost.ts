/**
 * The CPU time a charlm experiment's runs will take, from measured throughput: every distinct run
 * shape (cell, layers, hidden, embedding, batch, sequence length, vocabulary of its corpus) is
 * timed with `deno task speed` on this machine's product path (one core, `blasThreads` of the
 * experiment), and each run's CPU seconds per step × its steps are summed. Periodic evaluations,
 * samples and checkpoints are not counted (at karpathy-2015's intervals, 16 eval batches every 500
 * steps, about 1 %).
 *
 * Usage: `deno run -A scripts/charlm_cost.ts <experiment> [--steps 6] [--set k=v ...] [--quick]`
 * (for a cluster grid: `deno run -A scripts/charlm_cost.ts karpathy-2015`). Prints a line per shape
 * on stderr and a JSON summary on stdout.
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { type CharLmRunConfig, loadExperiment } from "../src/config/mod.ts";
import { loadCorpus, splitText, Vocab } from "../src/data/mod.ts";

const args = parseArgs(Deno.args, {
  string: ["steps", "set"],
  boolean: ["quick"],
  collect: ["set"],
});
const name = String(args._[0] ?? "");
if (!name) {
  console.error("usage: deno run -A scripts/charlm_cost.ts <experiment> [--steps 6] [--set k=v]");
  Deno.exit(2);
}
const timedSteps = Number(args.steps ?? 6);
const { runs } = await loadExperiment(name, {
  quick: args.quick,
  sets: (args.set ?? []) as string[],
});

// The vocabulary size of each corpus, as a run builds it (training split, unknown-character policy).
const vocabSizes = new Map<string, number>();
async function vocabSize(config: CharLmRunConfig): Promise<number> {
  const key = JSON.stringify(config.corpus);
  if (!vocabSizes.has(key)) {
    const { text } = await loadCorpus(config.corpus);
    const { train } = splitText(text, config.corpus.split);
    vocabSizes.set(key, Vocab.fromText(train, config.corpus.unknown).size);
  }
  return vocabSizes.get(key)!;
}

interface Shape {
  cell: string;
  layers: number;
  hidden: number;
  embedding: number;
  batch: number;
  seq: number;
  vocab: number;
  blasThreads: number;
}
const shapes = new Map<string, { shape: Shape; steps: number[] }>();
for (const run of runs) {
  const config = run.config as CharLmRunConfig;
  if (config.task !== "charlm") throw new Error(`${run.id}: only charlm runs are estimated`);
  const shape: Shape = {
    cell: config.model.cell,
    layers: config.model.layers,
    hidden: config.model.hidden,
    embedding: config.model.embedding,
    batch: config.training.batch,
    seq: config.training.seqLen,
    vocab: await vocabSize(config),
    blasThreads: config.blasThreads,
  };
  const key = JSON.stringify(shape);
  if (!shapes.has(key)) shapes.set(key, { shape, steps: [] });
  shapes.get(key)!.steps.push(config.training.steps);
}

let cpuSeconds = 0;
let runtime: unknown = null;
const rows = [];
for (const { shape, steps } of shapes.values()) {
  const flags = Object.entries({ ...shape, "blas-threads": shape.blasThreads, steps: timedSteps })
    .filter(([key]) => key !== "blasThreads")
    .flatMap(([key, value]) => [`--${key}`, String(value)]);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../src/cli/speed.ts", import.meta.url).pathname, ...flags],
    stderr: "inherit",
  }).output();
  if (!output.success) throw new Error(`deno task speed ${flags.join(" ")} failed`);
  const speed = JSON.parse(new TextDecoder().decode(output.stdout).trim().split("\n").at(-1)!);
  runtime = speed.runtime;
  const total = steps.reduce((a, b) => a + b, 0);
  const seconds = speed.cpuMsPerStep / 1000 * total;
  cpuSeconds += seconds;
  rows.push({ ...shape, runs: steps.length, steps: total, cpuMsPerStep: speed.cpuMsPerStep });
  console.error(
    `${shape.cell} l${shape.layers} h${shape.hidden} V${shape.vocab}: ` +
      `${speed.cpuMsPerStep.toFixed(1)} CPU ms/step × ${total} steps = ${
        (seconds / 3600).toFixed(2)
      } CPU-h`,
  );
}
console.log(JSON.stringify({
  experiment: name,
  runs: runs.length,
  shapes: rows.length,
  cpuHours: cpuSeconds / 3600,
  timedStepsPerShape: timedSteps,
  runtime,
  rows,
}));
