/**
 * `deno task merge <out> <shard-out> [<shard-out> ...]`: combine the outputs of
 * `deno task experiment <name> --shard i/n` (one per shard) into one output folder `<out>`, as if
 * the experiment had run unsharded. Refuses shards of different experiments or options, a missing
 * shard, or a run present twice.
 *
 * Exit codes: 0 merged, 2 bad input (nothing written).
 * @module
 */
import { InputError } from "../errors.ts";
import { mergeShards } from "../experiment/mod.ts";
import { parseCliArgs, runCli } from "./_main.ts";

const USAGE = "usage: deno task merge <out> <shard-out> [<shard-out> ...]";

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("merge", USAGE, Deno.args, {});
    if (!args) return 0;
    const [out, ...shards] = args._.map(String);
    if (!out || shards.length === 0) {
      throw new InputError(
        "merge",
        out ? "no shard output given" : "no output folder given",
        USAGE,
      );
    }
    const summary = await mergeShards(out, shards);
    console.error(
      `${summary.experiment}: ${summary.runs.length} run(s) from ${shards.length} shard(s) → ${out}`,
    );
    console.error(`report: ${out}/report.md`);
    return 0;
  });
}
