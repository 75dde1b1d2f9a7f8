/**
 * Grid expansion: an experiment becomes its list of runs, each with a stable, readable id.
 * @module
 */
import { InputError } from "../errors.ts";
import { isRunPath, pathFix } from "./_paths.ts";
import { sourceFromOverrides, validateExperiment } from "./_validate.ts";
import { getPath, setPath } from "./overrides.ts";
import type { ExperimentConfig, RunConfig } from "./schema.ts";
import { type CellName, CELLS_WITH_FORGET_GATE, META_KEYS } from "./common.ts";

/** One run of an experiment. */
export interface RunSpec {
  /** Stable id from the values that vary across runs, e.g. `lstm-h128`; unique. */
  id: string;
  /** The resolved, validated config of this run. */
  config: RunConfig;
}

interface Override {
  path: string;
  value: unknown;
  label: string;
}

function withoutMeta(config: ExperimentConfig): RunConfig {
  const copy: Record<string, unknown> = { ...config };
  for (const key of META_KEYS) delete copy[key];
  return copy as RunConfig;
}

/** The seed's key path: a grid axis over it also crosses the extra `runs`. */
const SEED_PATH = "training.seed";

/** The label a seed axis gives run ids (`lstm-h128-seed=2`); its second group is the seed. */
export const SEED_LABEL = /(^|-)seed=(-?\d+)(?=-|$)/;

/**
 * The id of run `id`'s seed group: the runs that differ only in their seed share it (the id
 * without its `seed=N` label; undefined without one, e.g. where the seed does not vary).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seedGroup } from "./grid.ts";
 * assert(seedGroup("lstm-h128-seed=2") === "lstm-h128");
 * assert(seedGroup("seed=3") === "(all)");
 * assert(seedGroup("lstm-h128") === undefined);
 * ```
 */
export function seedGroup(id: string): string | undefined {
  if (!SEED_LABEL.test(id)) return undefined;
  return id.replace(SEED_LABEL, "").replace(/^-/, "") || "(all)";
}

/** Group a path into the unit its id label describes (every `training.clip.*` → `training.clip`). */
function labelGroup(path: string): string {
  if (path.startsWith("training.clip")) return "training.clip";
  if (path.startsWith("corpus.") && path !== "corpus.split") return "corpus";
  if (path.startsWith("series.")) return "series";
  return path;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9._=+-]+/g, "_");
}

/** The id label of one varying group in one run. */
function label(group: string, config: RunConfig): string {
  const value = getPath(config, group);
  switch (group) {
    case "model.cell":
      return String(value);
    case "model.hidden":
      return `h${value}`;
    case "model.layers":
      return `l${value}`;
    case "training.clip": {
      const clip = value as { mode: string; threshold: number };
      return clip.mode === "none" ? "clip-none" : `clip-${clip.mode}${clip.threshold}`;
    }
    case "series":
    case "corpus": {
      const corpus = value as { id?: string; path?: string };
      return sanitize(
        corpus.id ?? (corpus.path ?? "").replace(/^.*[\\/]/, "").replace(/\..*$/, ""),
      );
    }
  }
  const key = group.split(".").at(-1)!;
  const shown = typeof value === "object" ? JSON.stringify(value) : String(value);
  return sanitize(`${key}=${shown}`);
}

/** Cartesian product of the grid, first key outermost. */
function gridCombos(grid: Record<string, unknown[]>): Override[][] {
  let combos: Override[][] = [[]];
  for (const [path, values] of Object.entries(grid)) {
    combos = combos.flatMap((combo) =>
      values.map((value) => [...combo, { path, value, label: `grid[${JSON.stringify(path)}]` }])
    );
  }
  return combos;
}

function checkKey(config: ExperimentConfig, path: string, where: string, file: string): void {
  if (!isRunPath(config.task, path)) {
    throw new InputError(
      `${file}: ${where}`,
      `${JSON.stringify(path)} is not a key path a run can vary`,
      pathFix(config.task, path, true),
    );
  }
}

/**
 * Expand an experiment into runs: the cartesian product of `grid` (keys in file order, the first
 * outermost), then every `runs` entry applied to the base config — crossed with the grid's
 * `training.seed` values, if it has that axis and the entry sets no seed. With neither, the base
 * config is the one run; with `runs` but no grid, the runs alone. Runs whose resolved configs are
 * identical are kept once. Ids join short labels of the
 * values that differ between runs (`model.cell` → `lstm`, `model.hidden` → `h128`, `model.layers`
 * → `l2`, `training.clip` → `clip-norm5` / `clip-none`, others `key=value`), in the order their keys
 * first appear (the seed last); `forgetBias=` only on cells with a forget gate (or on a cell that
 * ran at several values of it); repeated ids get `-2`, `-3` …; a lone run is `run`. Each run is
 * validated; errors name the grid or runs entry. `file` prefixes error messages.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { expandRuns } from "./grid.ts";
 * import { experimentSchema } from "./schema.ts";
 * const config = experimentSchema.parse({
 *   name: "demo",
 *   grid: { "model.cell": ["rnn", "lstm"], "model.hidden": [64, 128] },
 * });
 * const ids = expandRuns(config).map((run) => run.id);
 * assert(ids.join(" ") === "rnn-h64 rnn-h128 lstm-h64 lstm-h128");
 * ```
 */
export function expandRuns(config: ExperimentConfig, file = "experiment"): RunSpec[] {
  for (const path of Object.keys(config.grid)) {
    checkKey(config, path, `grid[${JSON.stringify(path)}]`, file);
  }
  config.runs.forEach((entry, i) => {
    for (const path of Object.keys(entry)) {
      checkKey(config, path, `runs[${i}][${JSON.stringify(path)}]`, file);
    }
  });

  const base = withoutMeta(config) as Record<string, unknown>;
  // Without a grid, a non-empty runs list is the whole list (the base config is its template).
  const fromGrid = Object.keys(config.grid).length === 0 && config.runs.length > 0
    ? []
    : gridCombos(config.grid);
  // A seed axis crosses the extra runs too (an entry that sets its own seed keeps it), so every
  // run of a seeded comparison has the same seeds.
  const seeds = config.grid[SEED_PATH];
  const overrideSets: Override[][] = [
    ...fromGrid,
    ...config.runs.flatMap((entry, i) => {
      const overrides = Object.entries(entry).map(([path, value]) => ({
        path,
        value,
        label: `runs[${i}][${JSON.stringify(path)}]`,
      }));
      if (!seeds || SEED_PATH in entry) return [overrides];
      const label = `grid[${JSON.stringify(SEED_PATH)}]`;
      return seeds.map((seed) => [...overrides, { path: SEED_PATH, value: seed, label }]);
    }),
  ];

  const runs: RunConfig[] = [];
  const seen = new Set<string>();
  for (const overrides of overrideSets) {
    const raw = overrides.reduce((acc, o) => setPath(acc, o.path, o.value), base);
    const resolved = withoutMeta(validateExperiment(raw, file, sourceFromOverrides(overrides)));
    const key = JSON.stringify(resolved);
    if (!seen.has(key)) {
      seen.add(key);
      runs.push(resolved);
    }
  }

  // The seed label goes last, so the runs of one seed group read alike up to it.
  const groups = [...new Set(overrideSets.flat().map((o) => labelGroup(o.path)))].filter(
    (group) => new Set(runs.map((run) => JSON.stringify(getPath(run, group)))).size > 1,
  ).sort((a, b) => Number(a === SEED_PATH) - Number(b === SEED_PATH));
  // A cell without a forget gate ignores `model.forgetBias`: its runs carry no forgetBias label
  // (`rnn-seed=1`, not `rnn-forgetBias=0-seed=1`) unless that cell itself ran at several values.
  const cellOf = (run: RunConfig) => getPath(run, "model.cell") as CellName;
  const biasesOf = (cell: CellName) =>
    new Set(runs.filter((r) => cellOf(r) === cell).map((r) => getPath(r, "model.forgetBias")));
  const labelsBias = (run: RunConfig) =>
    CELLS_WITH_FORGET_GATE.includes(cellOf(run)) || biasesOf(cellOf(run)).size > 1;
  const used = new Set<string>();
  return runs.map((run) => {
    const shown = groups.filter((group) => group !== "model.forgetBias" || labelsBias(run));
    const stem = shown.map((group) => label(group, run)).join("-") || "run";
    let id = stem;
    for (let n = 2; used.has(id); n++) id = `${stem}-${n}`;
    used.add(id);
    return { id, config: run };
  });
}
