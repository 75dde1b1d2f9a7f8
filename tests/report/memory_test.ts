import { assertEquals, assertStringIncludes } from "@std/assert";
import { memorySection } from "../../src/report/memory.ts";
import type { MemoryEntry } from "../../src/tasks/memory.ts";

const entry = (lag: number, cell: string, metric: number, stepsToSolve: number | null) =>
  ({
    task: "adding",
    variant: "halves",
    lag,
    cell,
    solved: metric < 0.01,
    metric,
    metricName: "mse",
    baseline: 0.167,
    stepsToSolve,
  }) satisfies MemoryEntry;

/** A summary as the memory task writes it: each run's entry, and the seedless `tasks` table. */
const summary = (runs: { seed: number; memory: MemoryEntry }[]) => ({
  task: "adding",
  runs: runs.map((r) => ({ id: `lag=${r.memory.lag}-${r.memory.cell}-seed=${r.seed}`, ...r })),
  tasks: runs.map((r) => r.memory),
});

Deno.test("long-memory table: one seed shows each run's result", () => {
  const md = memorySection(summary([
    { seed: 1, memory: entry(10, "rnn", 0.0028, 1200) },
    { seed: 1, memory: entry(10, "lstm", 0.0001, 400) },
  ]));
  assertStringIncludes(md, "| 10 | ✓ MSE 0.0028 (step 1200) | ✓ MSE 0.0001 (step 400) |");
  assertEquals(md.includes("seeds"), false);
});

Deno.test("long-memory table: several seeds count the solved ones, with every seed's range", () => {
  const md = memorySection(summary([
    { seed: 1, memory: entry(10, "rnn", 0.0028, 1200) },
    { seed: 1, memory: entry(10, "lstm", 0.0001, 400) },
    { seed: 2, memory: entry(10, "rnn", 0.0138, null) },
    { seed: 2, memory: entry(10, "lstm", 0.0002, 600) },
    { seed: 3, memory: entry(10, "rnn", 0.1700, null) },
    { seed: 3, memory: entry(10, "lstm", 0.0001, 400) },
    ...[1, 2, 3].map((seed) => ({ seed, memory: entry(10, "gru", 0.00011 - seed * 1e-6, 200) })),
  ]));
  assertStringIncludes(md, "Over 3 seeds (1, 2, 3)");
  assertStringIncludes(
    md,
    "| 10 | 1/3 seeds ✓ (MSE 0.0028 … 0.1700; step 1200) | " +
      "✓ 3/3 seeds (MSE 0.0001 … 0.0002; step 400 … 600) | ✓ 3/3 seeds (MSE 0.0001; step 200) |",
  );
});

Deno.test("long-memory table: a cell run at two forget biases gets a column per bias, not 6 seeds", () => {
  const lstm = (seed: number, forgetBias: number, metric: number, step: number | null) => ({
    id: `forgetBias=${forgetBias}-seed=${seed}`,
    seed,
    forgetBias,
    memory: entry(100, "lstm", metric, step),
  });
  const md = memorySection({
    task: "adding",
    runs: [
      lstm(1, 0, 0.0020, 1200),
      lstm(2, 0, 0.0030, 1500),
      lstm(3, 0, 0.1610, null),
      lstm(1, 1, 0.1600, null),
      lstm(2, 1, 0.1650, null),
      lstm(3, 1, 0.0040, 1400),
      { id: "gru-seed=1", seed: 1, forgetBias: null, memory: entry(100, "gru", 0.0001, 300) },
    ],
  });
  assertStringIncludes(md, "Over 3 seeds (1, 2, 3)");
  assertStringIncludes(md, "| lag | lstm (forget bias 0) | lstm (forget bias 1) | gru |");
  assertStringIncludes(
    md,
    "| 100 | 2/3 seeds ✓ (MSE 0.0020 … 0.1610; step 1200 … 1500) | " +
      "1/3 seeds ✓ (MSE 0.0040 … 0.1650; step 1400) | ✓ MSE 0.0001 (step 300) |",
  );
});
