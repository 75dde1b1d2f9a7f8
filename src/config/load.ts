/**
 * Loading an experiment file: resolve a name or path, parse JSONC, apply `--quick` and `--set`
 * overrides, validate, expand into runs.
 * @module
 */
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.ts";
import { parseJsonc } from "./_jsonc.ts";
import { isPath, isRunPath, pathFix } from "./_paths.ts";
import { sourceFromOverrides, validateExperiment } from "./_validate.ts";
import { expandRuns, type RunSpec } from "./grid.ts";
import { parseSet, setPath } from "./overrides.ts";
import { type ExperimentConfig, TASKS } from "./schema.ts";

/** The repository's `experiments/` folder (from this module's location, not the cwd). */
export const EXPERIMENTS_DIR: string = fileURLToPath(
  new URL("../../experiments/", import.meta.url),
);

/** Options of {@link loadExperiment}. */
export interface LoadOptions {
  /** Apply the file's `quick` overrides (before `sets`). */
  quick?: boolean;
  /** `key.path=value` overrides, applied in order after `quick`. */
  sets?: string[];
}

/** A loaded experiment. */
export interface LoadedExperiment {
  /** The file read (absolute for a bare name, else as given). */
  file: string;
  /** The validated experiment with overrides applied and defaults filled in. */
  config: ExperimentConfig;
  /** Its runs (see {@link expandRuns}). */
  runs: RunSpec[];
}

/** Names of the experiments in `experiments/` (`*.jsonc`, without the extension), sorted. */
export async function listExperiments(dir: string = EXPERIMENTS_DIR): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".jsonc")) names.push(entry.name.slice(0, -6));
    }
  } catch {
    // No experiments folder: no names.
  }
  return names.sort();
}

/** A bare name has no path separator and no .json/.jsonc extension. */
function isBareName(nameOrPath: string): boolean {
  return !/[\\/]/.test(nameOrPath) && !/\.jsonc?$/i.test(nameOrPath);
}

async function readText(path: string, shown: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(shown, "file not found", "check the path, or pass an experiment name");
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(shown, `cannot read the file (${why})`, "check the path and permissions");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(shown, "not valid UTF-8", "save the experiment file as UTF-8");
  }
}

/**
 * Load an experiment: a bare name means `experiments/<name>.jsonc` in the repository, anything
 * else is a path. Order: parse JSONC → apply `quick` (with `opts.quick`) → apply each `--set` →
 * validate → expand grid and runs → validate each run. Every bad input throws an
 * {@link InputError} naming the file and key.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadExperiment } from "./load.ts";
 * const { config, runs } = await loadExperiment("smoke", { sets: ["training.steps=3"] });
 * assert(config.training.steps === 3 && runs.length >= 1);
 * ```
 */
export async function loadExperiment(
  nameOrPath: string,
  opts: LoadOptions = {},
): Promise<LoadedExperiment> {
  let file = nameOrPath;
  let shown = nameOrPath;
  if (isBareName(nameOrPath)) {
    file = `${EXPERIMENTS_DIR}${nameOrPath}.jsonc`;
    shown = `experiments/${nameOrPath}.jsonc`;
    try {
      await Deno.stat(file);
    } catch {
      const names = await listExperiments();
      throw new InputError(
        `experiment ${JSON.stringify(nameOrPath)}`,
        `unknown experiment (available: ${names.join(", ") || "none"})`,
        "pass one of those names or a path to a .jsonc file",
      );
    }
  }
  const text = await readText(file, shown);
  return { file, ...experimentFromText(text, shown, opts) };
}

/**
 * The part of {@link loadExperiment} after reading: parse `text` (JSONC), apply overrides,
 * validate, expand. `file` is only used in messages.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { experimentFromText } from "./load.ts";
 * const text = '{ "name": "t", "quick": { "training.steps": 5 }, } // comment';
 * const { config } = experimentFromText(text, "t.jsonc", { quick: true });
 * assert(config.training.steps === 5 && config.model.cell === "lstm");
 * ```
 */
export function experimentFromText(
  text: string,
  file: string,
  opts: LoadOptions = {},
): { config: ExperimentConfig; runs: RunSpec[] } {
  const parsed = parseJsonc(text, file);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      file,
      "expected a JSON object at the top level",
      'start with { "name": … }',
    );
  }
  let raw = parsed as Record<string, unknown>;
  const task = raw.task ?? TASKS[0];
  if (typeof task !== "string" || !TASKS.includes(task as never)) {
    throw new InputError(
      `${file}: task`,
      `unknown task ${JSON.stringify(raw.task)}`,
      `use one of: ${TASKS.join(", ")}`,
    );
  }

  const applied: { path: string; label: string }[] = [];
  const quick = raw.quick;
  if (typeof quick === "object" && quick !== null && !Array.isArray(quick)) {
    // Checked even without --quick, so a typo in the profile shows up on the first full run.
    for (const path of Object.keys(quick)) {
      // "grid.<key path>" replaces that grid key's values, as `--set grid.<key path>=…` does.
      if (!isRunPath(task, path.startsWith("grid.") ? path.slice("grid.".length) : path)) {
        throw new InputError(
          `${file}: quick[${JSON.stringify(path)}]`,
          `${JSON.stringify(path)} is not a key path a run can vary`,
          pathFix(task, path, true),
        );
      }
    }
    if (opts.quick) {
      for (const [path, value] of Object.entries(quick)) {
        if (path.startsWith("grid.")) {
          const grid = typeof raw.grid === "object" && raw.grid !== null ? raw.grid : {};
          raw = { ...raw, grid: { ...grid, [path.slice("grid.".length)]: value } };
        } else raw = setPath(raw, path, value);
        applied.push({ path, label: `quick[${JSON.stringify(path)}]` });
      }
    }
  }

  for (const text of opts.sets ?? []) {
    const set = parseSet(text);
    const where = `--set ${text}`;
    if (set.path === "runs" || set.path === "grid") {
      raw = { ...raw, [set.path]: set.value };
    } else if (set.path.startsWith("grid.")) {
      // grid keys are whole key paths: --set grid.model.hidden=[64,128] sets grid["model.hidden"].
      const gridKey = set.path.slice("grid.".length);
      if (!isRunPath(task, gridKey)) {
        throw new InputError(
          where,
          `${JSON.stringify(gridKey)} is not a key path a run can vary`,
          pathFix(task, gridKey, true),
        );
      }
      const grid = typeof raw.grid === "object" && raw.grid !== null ? raw.grid : {};
      raw = { ...raw, grid: { ...grid, [gridKey]: set.value } };
    } else if (!isPath(task, set.path) || set.path === "quick" || set.path === "$schema") {
      throw new InputError(
        where,
        `unknown key path ${JSON.stringify(set.path)}`,
        pathFix(task, set.path),
      );
    } else {
      raw = setPath(raw, set.path, set.value);
    }
    applied.push({ path: set.path.startsWith("grid.") ? "grid" : set.path, label: where });
  }

  const config = validateExperiment(raw, file, sourceFromOverrides(applied));
  return { config, runs: expandRuns(config, file) };
}
