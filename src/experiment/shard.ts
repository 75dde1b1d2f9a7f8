/**
 * Shards: `--shard i/n` trains only the runs whose index in the experiment is i modulo n (a stable,
 * balanced assignment), into the usual layout plus `shard.json`, so that `deno task merge` can
 * check and combine the pieces. The index can come from the scheduler (`--shards n`):
 * `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job) or `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN`
 * (Slurm job array, whose `SLURM_ARRAY_TASK_COUNT` must be n).
 * @module
 */
import { InputError } from "../errors.ts";
import type { RunConfig } from "../config/schema.ts";
import { canonicalJson } from "./_json.ts";

/** Shard `index` of `count` (0 ≤ index < count). */
export interface Shard {
  index: number;
  count: number;
}

/** The manifest file a shard writes next to its `summary.json`. */
export const SHARD_MANIFEST = "shard.json";

/** What `shard.json` holds: enough to check that shards belong together and are complete. */
export interface ShardManifest {
  experiment: string;
  shard: Shard;
  quick: boolean;
  /** The runs of this shard, in experiment order. */
  runs: string[];
  /** Every run of the experiment, in order (the merged summary's order). */
  allRuns: string[];
  /** SHA-256 of every run's id and resolved config: equal only for the same experiment options. */
  fingerprint: string;
}

const SHARD_FIX = "give the shard as i/n with whole numbers 0 ≤ i < n, e.g. --shard 0/2";

/**
 * Parse `--shard i/n`.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { parseShard } from "./shard.ts";
 * assertEquals(parseShard("1/3"), { index: 1, count: 3 });
 * assertThrows(() => parseShard("3/3"));
 * ```
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new InputError(`experiment: --shard ${text}`, "is not i/n", SHARD_FIX);
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || index >= count) {
    throw new InputError(
      `experiment: --shard ${text}`,
      count < 1 ? "has no shards (n = 0)" : `shard ${index} does not exist among ${count}`,
      SHARD_FIX,
    );
  }
  return { index, count };
}

/** Parse `--shards n` (a whole number ≥ 1). */
export function parseShardCount(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new InputError(
      `experiment: --shards ${text}`,
      "is not a whole number ≥ 1",
      "give the number of shards, e.g. --shards 4",
    );
  }
  return Number(text);
}

/**
 * This process's shard of `count`, from the scheduler's environment variables (`env(name)`):
 * Kubernetes' `JOB_COMPLETION_INDEX`, else Slurm's `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { shardFromEnv } from "./shard.ts";
 * const slurm: Record<string, string> = {
 *   SLURM_ARRAY_TASK_ID: "12", SLURM_ARRAY_TASK_MIN: "10", SLURM_ARRAY_TASK_COUNT: "4",
 * };
 * assertEquals(shardFromEnv(4, (name) => slurm[name]), { index: 2, count: 4 });
 * assertEquals(shardFromEnv(2, (name) => ({ JOB_COMPLETION_INDEX: "1" })[name]), {
 *   index: 1, count: 2,
 * });
 * ```
 */
export function shardFromEnv(count: number, env: (name: string) => string | undefined): Shard {
  const whole = (name: string): number => {
    const value = env(name)!;
    if (!/^\d+$/.test(value.trim())) {
      throw new InputError(
        `environment variable ${name}`,
        `is "${value}", not a whole number`,
        "let the scheduler set it, or pass --shard i/n instead of --shards",
      );
    }
    return Number(value);
  };
  let index: number;
  let where: string;
  if (env("JOB_COMPLETION_INDEX") !== undefined) {
    index = whole("JOB_COMPLETION_INDEX");
    where = `JOB_COMPLETION_INDEX=${index}`;
  } else if (env("SLURM_ARRAY_TASK_ID") !== undefined) {
    for (const name of ["SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"]) {
      if (env(name) === undefined) {
        throw new InputError(
          `environment variable ${name}`,
          "is not set, but SLURM_ARRAY_TASK_ID is",
          "submit with sbatch --array, or pass --shard i/n instead of --shards",
        );
      }
    }
    const tasks = whole("SLURM_ARRAY_TASK_COUNT");
    if (tasks !== count) {
      throw new InputError(
        `experiment: --shards ${count}`,
        `does not match the job array's ${tasks} tasks (SLURM_ARRAY_TASK_COUNT)`,
        `submit with --array=0-${count - 1}, or pass --shards ${tasks}`,
      );
    }
    index = whole("SLURM_ARRAY_TASK_ID") - whole("SLURM_ARRAY_TASK_MIN");
    where = `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN = ${index}`;
  } else {
    throw new InputError(
      `experiment: --shards ${count}`,
      "needs JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array)",
      "run it as an Indexed Job or a job array, or pass --shard i/n",
    );
  }
  if (index < 0 || index >= count) {
    throw new InputError(
      `experiment: --shards ${count}`,
      `${where} is not a shard index 0..${count - 1}`,
      "make the completions / array size equal to --shards, with indices from 0 (or the array's min)",
    );
  }
  return { index, count };
}

/** The runs of `shard`: those whose position in the experiment is `shard.index` modulo n. */
export function shardRuns<T>(runs: readonly T[], shard: Shard): T[] {
  return runs.filter((_, i) => i % shard.count === shard.index);
}

/** The manifest of `shard` for an experiment with `allRuns`. */
export async function shardManifest(
  experiment: string,
  quick: boolean,
  shard: Shard,
  allRuns: readonly { id: string; config: RunConfig }[],
): Promise<ShardManifest> {
  const bytes = new TextEncoder().encode(canonicalJson(allRuns.map((r) => [r.id, r.config])));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return {
    experiment,
    shard,
    quick,
    runs: shardRuns(allRuns, shard).map((r) => r.id),
    allRuns: allRuns.map((r) => r.id),
    fingerprint: [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""),
  };
}

/** Read `<dir>/shard.json`; InputError when it is missing (unless `optional`) or malformed. */
export function readShardManifest(dir: string): ShardManifest;
export function readShardManifest(
  dir: string,
  options: { optional: true },
): ShardManifest | undefined;
export function readShardManifest(
  dir: string,
  options: { optional?: boolean } = {},
): ShardManifest | undefined {
  const path = `${dir}/${SHARD_MANIFEST}`;
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (options.optional && error instanceof Deno.errors.NotFound) return undefined;
    throw new InputError(
      path,
      error instanceof Deno.errors.NotFound ? "does not exist" : `cannot be read (${error})`,
      "pass output folders written by deno task experiment ... --shard i/n (or --shards n)",
    );
  }
  let manifest: Partial<ShardManifest>;
  try {
    manifest = JSON.parse(text);
  } catch {
    manifest = {};
  }
  const ok = typeof manifest.experiment === "string" && typeof manifest.fingerprint === "string" &&
    Number.isInteger(manifest.shard?.index) && Number.isInteger(manifest.shard?.count) &&
    Array.isArray(manifest.runs) && Array.isArray(manifest.allRuns);
  if (!ok) {
    throw new InputError(path, "is not a shard manifest", "rerun the shard, or restore the file");
  }
  return manifest as ShardManifest;
}
