/**
 * `karpathy-2015` and its small slice: the Table 1 design (cells × depths × budgets × corpora), and
 * every rnn and gru run parameter-matched to the LSTM of its budget, by the model's own count.
 */
import { assert, assertEquals } from "@std/assert";
import { loadExperiment } from "../../src/config/mod.ts";
import type { RunConfig } from "../../src/config/schema.ts";
import { setupRun } from "../../src/tasks/mod.ts";
import { useBackend } from "../../src/backend/mod.ts";

await useBackend("cpu");
const cache = new Map<string, unknown>();

/** Total parameters of the model `config` builds (with `hidden` instead, if given). */
async function params(config: RunConfig, hidden = config.model.hidden): Promise<number> {
  const run = {
    ...config,
    implementation: "reference",
    model: { ...config.model, hidden },
  } as RunConfig;
  const prepared = await setupRun(run, { file: "karpathy", runId: "count", cache });
  const built = prepared.create();
  try {
    return built.model.params;
  } finally {
    built.dispose();
  }
}

const corpusOf = (config: RunConfig) => (config as { corpus?: { id?: string } }).corpus?.id;

for (
  const [name, corpora, budgets] of [
    ["karpathy-2015", ["moby-dick", "sqlite-c"], [64, 128, 256, 512]],
    ["karpathy-2015-small", ["moby-dick"], [64, 128]],
  ] as const
) {
  Deno.test(`${name}: every cell × depth × budget × corpus, rnn and gru matched to the LSTM`, async () => {
    const { runs } = await loadExperiment(name, { quick: false, sets: [] });
    assertEquals(runs.length, 3 * 3 * budgets.length * corpora.length);
    const lstm = runs.filter((r) => r.config.model.cell === "lstm");
    for (const corpus of corpora) {
      for (const layers of [1, 2, 3]) {
        const hiddens = lstm.filter((r) =>
          corpusOf(r.config) === corpus && r.config.model.layers === layers
        ).map((r) => r.config.model.hidden);
        assertEquals(hiddens, [...budgets], `${corpus} l${layers}`);
      }
    }
    const lstmParams = new Map<string, number>();
    for (const r of lstm) {
      const key = `${corpusOf(r.config)}/${r.config.model.layers}`;
      lstmParams.set(`${key}/${r.config.model.hidden}`, await params(r.config));
    }
    const matched = new Map<string, number>();
    for (const r of runs.filter((r) => r.config.model.cell !== "lstm")) {
      const { cell, layers, hidden } = r.config.model;
      const key = `${corpusOf(r.config)}/${layers}`;
      const own = await params(r.config);
      // The budget: the LSTM of this corpus and depth with the nearest count.
      const [budget, target] = [...lstmParams.entries()]
        .filter(([k]) => k.startsWith(`${key}/`))
        .reduce((a, b) => (Math.abs(b[1] - own) < Math.abs(a[1] - own) ? b : a));
      assert(Math.abs(own - target) / target < 0.01, `${r.id}: ${own} vs ${target} (${budget})`);
      for (const neighbour of [hidden - 1, hidden + 1]) {
        const other = await params(r.config, neighbour);
        assert(
          Math.abs(other - target) >= Math.abs(own - target),
          `${r.id}: hidden ${neighbour} (${other}) is nearer ${target} than ${hidden} (${own})`,
        );
      }
      const slot = `${cell}/${budget}`;
      assert(!matched.has(slot), `${r.id}: a second ${cell} run for ${budget}`);
      matched.set(slot, hidden);
    }
    assertEquals(matched.size, 2 * lstmParams.size, "one rnn and one gru per LSTM");
  });
}
