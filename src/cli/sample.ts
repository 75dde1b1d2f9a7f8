/**
 * `deno task sample <run-dir|checkpoint> [--temperature T] [--prime "text"] [--length N]
 * [--seed S] [--argmax] [--best]`
 *
 * Rebuilds a charlm run's model from a checkpoint (its manifest holds the run's configuration and
 * vocabulary) and prints exactly the generated characters to stdout: not the prime, no header, no
 * trailing newline. The same seed gives the same text. Defaults: the run's `sampling.temperature`
 * and `sampling.prime`, 500 characters, seed 1; `--argmax` always takes the most likely character;
 * `--best` uses the run's best-validation checkpoint (`best/`) instead of the last one.
 *
 * Exit codes: 0 done, 1 crash, 2 bad input (one line on stderr).
 * @module
 */
import { InputError } from "../errors.ts";
import type { CharLmRunConfig, RunConfig } from "../config/schema.ts";
import { useBackend } from "../backend/mod.ts";
import { RecurrentModel } from "../models/model.ts";
import { Vocab } from "../data/vocab.ts";
import { generateText } from "../tasks/generate.ts";
import { mulberry32 } from "../_random.ts";
import { type LoadedCheckpoint, MANIFEST_FILE, readCheckpoint } from "../train/checkpoint.ts";
import { BEST_DIR, restoreVariables } from "../train/resume.ts";
import { parseCliArgs, runCli } from "./_main.ts";

const USAGE = 'usage: deno task sample <run-dir|checkpoint> [--temperature 0.8] [--prime "text"] ' +
  "[--length 500] [--seed 1] [--argmax] [--best]";

/** The checkpoint folder `path` names: a run folder (its `best/` with `best`), a folder, a file. */
export function checkpointDir(path: string, best: boolean): string {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    throw new InputError(
      `sample: ${path}`,
      "not found",
      "name a run folder (<out>/<run-id>), a checkpoint folder, or its checkpoint.json",
    );
  }
  const dir = info.isFile
    ? (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".")
    : path.replace(/\/+$/, "");
  if (info.isDirectory && !isFile(`${dir}/${MANIFEST_FILE}`)) {
    const runs = [...Deno.readDirSync(dir)].filter((e) =>
      isFile(`${dir}/${e.name}/${MANIFEST_FILE}`)
    )
      .map((e) => `${dir}/${e.name}`).sort();
    if (runs.length) {
      throw new InputError(
        `sample: ${path}`,
        "is an experiment output, not a run",
        `name one of its runs: ${runs.join(", ")}`,
      );
    }
  }
  if (!best || dir.endsWith(`/${BEST_DIR}`) || dir === BEST_DIR) return dir;
  return `${dir}/${BEST_DIR}`;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The model of a charlm checkpoint, its vocabulary and config; InputError if it cannot be. */
export function modelOf(
  checkpoint: LoadedCheckpoint,
): { model: RecurrentModel; vocab: Vocab; config: CharLmRunConfig } {
  const where = `${checkpoint.dir}/${MANIFEST_FILE}`;
  const config = checkpoint.meta.config as CharLmRunConfig;
  const taskState = checkpoint.meta.task as { vocab?: unknown } | null;
  if (config?.task !== "charlm" || !taskState?.vocab) {
    throw new InputError(
      where,
      `is a checkpoint of a ${config?.task ?? "unknown"} run; sampling needs a charlm (text) run`,
      "name the run folder of a charlm experiment",
    );
  }
  const vocab = Vocab.fromJSON(taskState.vocab, `${where}: task.vocab`);
  const embedding = checkpoint.tensors.get("model/embedding");
  if (!embedding || embedding.shape[0] !== vocab.size) {
    throw new InputError(
      where,
      `vocabulary mismatch: the vocabulary has ${vocab.size} ids, the embedding ${
        embedding ? `${embedding.shape[0]} rows` : "is missing"
      }`,
      "use a checkpoint written by rnnlab, unmodified",
    );
  }
  const model = new RecurrentModel({
    cell: config.model.cell,
    hidden: config.model.hidden,
    layers: config.model.layers,
    inputSize: config.model.embedding,
    vocabSize: vocab.size,
    outputSize: vocab.size,
    dropout: config.model.dropout,
    init: {
      scheme: config.model.init.scheme,
      forgetBias: config.model.forgetBias,
      embedding: config.model.init.embedding,
    },
    seed: config.training.seed,
    implementation: config.implementation,
    name: `sample/${checkpoint.meta.runId}`,
  });
  try {
    restoreVariables(checkpoint, model.variables, where);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, vocab, config };
}

/** `--flag -1` → `--flag=-1`, so a negative value reaches the range check instead of parsing as a flag. */
function joinNegativeValues(argv: string[], flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (flags.includes(argv[i].slice(2)) && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

function numberFlag(
  args: Record<string, unknown>,
  name: string,
  fallback: number,
  ok: (n: number) => boolean,
  rule: string,
  example: string,
): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (String(raw).trim() === "" || !ok(value)) {
    throw new InputError(
      `sample: --${name}`,
      `must be ${rule}, got ${JSON.stringify(raw)}`,
      example,
    );
  }
  return value;
}

if (import.meta.main) {
  await runCli(async () => {
    const argv = joinNegativeValues(Deno.args, ["temperature", "length", "seed"]);
    const args = parseCliArgs("sample", USAGE, argv, {
      string: ["temperature", "prime", "length", "seed"],
      boolean: ["argmax", "best"],
    });
    if (!args) return 0;
    if (args._.length !== 1) {
      const problem = args._.length ? `expects one path, got ${args._.length}` : "no run given";
      throw new InputError("sample", problem, USAGE);
    }
    const temperature = numberFlag(
      args,
      "temperature",
      NaN,
      (n) => Number.isFinite(n) && n > 0,
      "a number > 0",
      "e.g. --temperature 0.8 (lower is more conservative), or --argmax",
    );
    const length = numberFlag(
      args,
      "length",
      500,
      (n) => Number.isSafeInteger(n) && n > 0,
      "a positive integer",
      "e.g. --length 500",
    );
    const seed = numberFlag(args, "seed", 1, Number.isSafeInteger, "an integer", "e.g. --seed 1");
    const checkpoint = readCheckpoint(checkpointDir(String(args._[0]), args.best));
    await useBackend((checkpoint.meta.config as RunConfig | null)?.backend ?? "wasm");
    const { model, vocab, config } = modelOf(checkpoint);
    const text = await generateText(model, vocab, {
      prime: args.prime ?? config.sampling.prime,
      length,
      temperature: args.argmax
        ? 0
        : Number.isNaN(temperature)
        ? config.sampling.temperature
        : temperature,
      random: mulberry32(seed),
    });
    model.dispose();
    const bytes = new TextEncoder().encode(text);
    for (let written = 0; written < bytes.length;) {
      written += Deno.stdout.writeSync(bytes.subarray(written));
    }
    return 0;
  });
}
