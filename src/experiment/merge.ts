/**
 * Merge shard outputs (`--shard i/n`) into one output: every run folder, and `summary.json`,
 * `summary.csv`, `report.md` and `report.html` rebuilt over all runs in the experiment's order,
 * so the result equals an unsharded run's apart from timings. Experiment-level entries (a task's
 * summary entries, corpus-level baselines) are written once: taken from shard 0 and recomputed
 * over all runs by the task registry.
 * @module
 */
import { cpSync } from "node:fs";
import { InputError } from "../errors.ts";
import { type ExperimentSummary, type RunSummary, writeReport } from "../report/mod.ts";
import { claimOutDir } from "./outdir.ts";
import { readShardManifest, type ShardManifest } from "./shard.ts";
import { writeSummary } from "./summary.ts";

/** A shard output that passed the checks. */
interface ShardOutput {
  dir: string;
  manifest: ShardManifest;
  summary: ExperimentSummary;
}

/**
 * Check `shardDirs` (all shards of one experiment with the same options, each once, no run twice)
 * before writing anything, then write the merged output into `outDir` (new or empty).
 */
export async function mergeShards(
  outDir: string,
  shardDirs: readonly string[],
): Promise<ExperimentSummary> {
  const shards = shardDirs.map(readShard);
  const first = shards[0];
  const fix = "merge the shards of one experiment run with the same --quick/--set options";
  for (const s of shards.slice(1)) {
    const differs = s.manifest.experiment !== first.manifest.experiment
      ? `is a shard of experiment "${s.manifest.experiment}", not "${first.manifest.experiment}"`
      : s.manifest.shard.count !== first.manifest.shard.count
      ? `is one of ${s.manifest.shard.count} shards, not of ${first.manifest.shard.count}`
      : s.manifest.fingerprint !== first.manifest.fingerprint ||
          s.manifest.quick !== first.manifest.quick
      ? `has other run configs than ${first.dir} (different --quick/--set options or files)`
      : undefined;
    if (differs) throw new InputError(s.dir, differs, fix);
  }
  const count = first.manifest.shard.count;
  const byIndex = new Map<number, ShardOutput>();
  for (const s of shards) {
    const twice = byIndex.get(s.manifest.shard.index);
    if (twice) {
      throw new InputError(
        s.dir,
        `is shard ${s.manifest.shard.index}/${count} again (also ${twice.dir})`,
        "pass each shard once",
      );
    }
    byIndex.set(s.manifest.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) {
    throw new InputError(
      "merge",
      `shard ${missing.map((i) => `${i}/${count}`).join(", ")} missing`,
      `pass all ${count} shard outputs`,
    );
  }
  const owner = new Map<string, { shard: ShardOutput; entry: RunSummary }>();
  for (const s of shards) {
    for (const entry of s.summary.runs) {
      const other = owner.get(entry.id);
      if (other) {
        throw new InputError(
          `${s.dir}/summary.json`,
          `has run ${entry.id}, which ${other.shard.dir} has too`,
          "merge outputs of distinct shards (i/n) of one experiment",
        );
      }
      owner.set(entry.id, { shard: s, entry });
    }
  }
  for (const s of shards) {
    const stopped = s.summary.runs.filter((r) => r.status === "interrupted").map((r) => r.id);
    if (stopped.length) {
      const { index, count } = s.manifest.shard;
      throw new InputError(
        `${s.dir}/summary.json`,
        `shard ${index}/${count} was interrupted (${stopped.join(", ")} did not end)`,
        `finish it with --resume ${s.dir} --shard ${index}/${count}, then merge`,
      );
    }
  }
  const absent = first.manifest.allRuns.filter((id) => !owner.has(id));
  if (absent.length) {
    throw new InputError(
      "merge",
      `run ${absent.join(", ")} is in no shard's summary.json`,
      "resume the shard that lacks it (--resume DIR --shard i/n), then merge again",
    );
  }
  claimOutDir(outDir, "merge:");
  for (const id of first.manifest.allRuns) {
    cpSync(`${owner.get(id)!.shard.dir}/${id}`, `${outDir}/${id}`, { recursive: true });
  }
  // Shard 0's experiment-level fields, in their order; runs in the experiment's order.
  const merged: Record<string, unknown> = {
    createdAt: shards.map((s) => s.summary.createdAt).sort()[0],
    runs: first.manifest.allRuns.map((id) => owner.get(id)!.entry),
  };
  const summary = Object.fromEntries(
    Object.entries(byIndex.get(0)!.summary).map(([key, value]) => [key, merged[key] ?? value]),
  ) as ExperimentSummary;
  writeSummary(outDir, summary);
  await writeReport(outDir);
  return summary;
}

function readShard(dir: string): ShardOutput {
  const manifest = readShardManifest(dir);
  let summary: ExperimentSummary;
  try {
    summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
  } catch (error) {
    throw new InputError(
      `${dir}/summary.json`,
      error instanceof Deno.errors.NotFound ? "does not exist" : `cannot be read (${error})`,
      "let the shard finish (or --resume it), then merge",
    );
  }
  if (!Array.isArray(summary.runs)) {
    throw new InputError(`${dir}/summary.json`, "has no runs list", "rerun the shard");
  }
  return { dir, manifest, summary };
}
