/**
 * Shards in-process: parsing `--shard`/`--shards`, the schedulers' variables, the assignment of
 * runs, and the manifest's fingerprint. (The CLI maps each InputError to exit 2 and one line:
 * tests/cli/bad_input_test.ts has rows for the main cases.)
 */
import { assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import {
  parseShard,
  parseShardCount,
  shardFromEnv,
  shardManifest,
  shardRuns,
} from "../../src/experiment/shard.ts";
import type { RunConfig } from "../../src/config/schema.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("shard: --shard i/n parses, and bad forms are input errors", () => {
  assertEquals(parseShard("0/1"), { index: 0, count: 1 });
  assertEquals(parseShard(" 3/4 "), { index: 3, count: 4 });
  for (const bad of ["1of2", "a/b", "-1/2", "2/2", "0/0", "1/", "1.5/3"]) {
    const error = assertThrows(() => parseShard(bad), InputError);
    assertEquals(error.message.startsWith(`experiment: --shard ${bad}`), true, error.message);
  }
  assertEquals(parseShardCount("8"), 8);
  for (const bad of ["0", "x", "-2", "2.5"]) assertThrows(() => parseShardCount(bad), InputError);
});

Deno.test("shard: Kubernetes' and Slurm's variables give the index", () => {
  assertEquals(shardFromEnv(3, envOf({ JOB_COMPLETION_INDEX: "2" })), { index: 2, count: 3 });
  const slurm = {
    SLURM_ARRAY_TASK_ID: "8",
    SLURM_ARRAY_TASK_MIN: "7",
    SLURM_ARRAY_TASK_COUNT: "2",
  };
  assertEquals(shardFromEnv(2, envOf(slurm)), { index: 1, count: 2 });
  const cases: [Record<string, string>, RegExp][] = [
    [{}, /JOB_COMPLETION_INDEX/],
    [{ JOB_COMPLETION_INDEX: "x" }, /JOB_COMPLETION_INDEX.*"x"/],
    [{ JOB_COMPLETION_INDEX: "3" }, /JOB_COMPLETION_INDEX=3/],
    [{ ...slurm, SLURM_ARRAY_TASK_COUNT: "3" }, /SLURM_ARRAY_TASK_COUNT/],
    [{ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2" }, /SLURM_ARRAY_TASK_MIN/],
    [{ ...slurm, SLURM_ARRAY_TASK_ID: "9" }, /= 2 is not a shard index/],
  ];
  for (const [vars, expect] of cases) {
    const error = assertThrows(() => shardFromEnv(2, envOf(vars)), InputError);
    assertEquals(expect.test(error.message), true, error.message);
  }
});

Deno.test("shard: runs go round-robin by index; every run in exactly one shard", () => {
  const runs = ["a", "b", "c", "d", "e"];
  assertEquals(shardRuns(runs, { index: 0, count: 2 }), ["a", "c", "e"]);
  assertEquals(shardRuns(runs, { index: 1, count: 2 }), ["b", "d"]);
  const all = [0, 1, 2].flatMap((index) => shardRuns(runs, { index, count: 3 }));
  assertEquals(all.sort(), runs);
  assertEquals(shardRuns(runs, { index: 6, count: 7 }), []);
});

Deno.test("shard: the fingerprint changes with any config value, not with key order", async () => {
  const config = (hidden: number) =>
    ({ model: { hidden, cell: "rnn" }, training: { steps: 4 } }) as unknown as RunConfig;
  const reordered = { training: { steps: 4 }, model: { cell: "rnn", hidden: 8 } } as unknown;
  const shard = { index: 0, count: 2 };
  const a = await shardManifest("x", false, shard, [{ id: "r", config: config(8) }]);
  const b = await shardManifest("x", false, shard, [{ id: "r", config: reordered as RunConfig }]);
  const c = await shardManifest("x", false, shard, [{ id: "r", config: config(9) }]);
  assertEquals(a.fingerprint, b.fingerprint);
  assertNotEquals(a.fingerprint, c.fingerprint);
  assertEquals(a.runs, ["r"]);
});
