import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { seedsSection } from "../../src/report/seeds_section.ts";
import type { ExperimentSummary, RunSummary } from "../../src/report/summary.ts";

const summary = (task: string, runs: Partial<RunSummary>[]): ExperimentSummary => ({
  experiment: "x",
  description: "",
  task,
  createdAt: "",
  quick: false,
  runs: runs.map((r) => ({ status: "finished", valBpc: null, testBpc: null, ...r })) as never,
});

Deno.test("across seeds: text runs get val loss, val bpc and test bpc with sd and 95 % CI", () => {
  const md = seedsSection(summary("charlm", [
    { id: "lstm-seed=1", valLoss: 1.7, valBpc: 2.45, testBpc: 2.4 },
    { id: "lstm-seed=2", valLoss: 1.72, valBpc: 2.48, testBpc: 2.44 },
  ]));
  assertStringIncludes(md, "| runs | seeds | val loss | val bpc | test bpc |");
  assertStringIncludes(md, "| lstm | 2 | 1.7100, sd 0.0141 (95 % CI 1.5829 … 1.8371) |");
  assertStringIncludes(md, "elsewhere in this report ± is that interval's half width");
});

Deno.test("across seeds: a memory task's groups show no empty bpc columns; a lone seed no row", () => {
  const md = seedsSection(summary("adding", [
    { id: "forgetBias=0-seed=1", valLoss: 0.0024 },
    { id: "forgetBias=0-seed=2", valLoss: 0.1619 },
    { id: "forgetBias=0-seed=3", status: "diverged", valLoss: null },
    { id: "forgetBias=1-seed=1", valLoss: 0.0024 },
  ]));
  assertStringIncludes(md, "| runs | seeds | val loss |\n| --- | --- | --- |\n");
  assertStringIncludes(md, "| forgetBias=0 | 2 (+1 not finished) | 0.0822, sd ");
  assert(!md.includes("bpc"), md);
  assert(!md.includes("| forgetBias=1 |"), "one finished seed is no group");
  assertEquals(seedsSection(summary("adding", [{ id: "a-seed=1", valLoss: 1 }])), "");
});
