/**
 * Shared bench plumbing: one lazily built {@link SpeedRun} per configuration, and a fused/reference
 * pair of `Deno.bench` entries per group (on {@link BENCH_BACKEND}) with the reference as the baseline, so `deno bench`
 * reports what fusion buys.
 * @module
 */
import {
  type BackendName,
  BACKENDS,
  BLAS_ENV,
  type Products,
  resolveProducts,
  useBackend,
} from "../src/backend/mod.ts";
import { FUSED_BACKENDS } from "../src/models/fused/mod.ts";
import { SpeedRun, type SpeedSpec } from "../src/cli/_speed_task.ts";
import type { CellKind } from "../src/models/cell.ts";
import type { Implementation } from "../src/models/sequences.ts";

/** Shapes of one bench group (vocab and embedding as the peer's unless given). */
export interface BenchShape {
  cell: CellKind;
  hidden: number;
  batch: number;
  seq: number;
  layers?: number;
  vocab?: number;
  embedding?: number;
}

/** What one iteration runs: the real training step, or the forward pass and loss only. */
export type BenchMode = "train" | "forward";

const runs = new Map<string, SpeedRun>();

/**
 * The backend the benches run on: `RNNLAB_BENCH_BACKEND` (wasm, cpu or webgpu), default wasm,
 * e.g. `RNNLAB_BENCH_BACKEND=webgpu deno bench -A bench/`. On webgpu only the reference cells run.
 */
export const BENCH_BACKEND: BackendName = (() => {
  const name = Deno.env.get("RNNLAB_BENCH_BACKEND") ?? "wasm";
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new Error(`RNNLAB_BENCH_BACKEND=${name}: use one of ${BACKENDS.join(", ")}`);
  }
  return name as BackendName;
})();

function runFor(shape: BenchShape, implementation: Implementation, products = "wasm"): SpeedRun {
  const spec: SpeedSpec = {
    layers: 1,
    vocab: 65,
    embedding: 32,
    ...shape,
    implementation,
  };
  const key = JSON.stringify({ ...spec, products });
  let run = runs.get(key);
  if (!run) runs.set(key, run = new SpeedRun(spec));
  return run;
}

/**
 * Register `fused` and `reference` benches of `shape` in `mode` on {@link BENCH_BACKEND}, grouped, the
 * reference as baseline. `n`/`warmup` bound the iterations (the reference is slow at H = 512).
 * Both run on the wasm backend's own products.
 */
export async function benchPair(
  shape: BenchShape,
  mode: BenchMode,
  options: { n?: number; warmup?: number } = {},
): Promise<void> {
  await useBackend(BENCH_BACKEND);
  const fused = (FUSED_BACKENDS as readonly string[]).includes(BENCH_BACKEND);
  const label = `${shape.cell} h${shape.hidden} b${shape.batch} t${shape.seq}`;
  const group = `${label} ${mode}`;
  for (const implementation of fused ? ["reference", "fused"] as const : ["reference"] as const) {
    Deno.bench({
      name: `${group} ${implementation}`,
      group,
      baseline: implementation === "reference",
      ...options,
      fn: async () => {
        resolveProducts("wasm");
        const run = runFor(shape, implementation);
        if (mode === "train") await run.trainStep();
        else await run.forwardLoss();
      },
    });
  }
}

/**
 * Register the fused cells of `shape` in `mode` on the wasm backend with the wasm products (the
 * baseline) and with the system BLAS (1 thread), grouped: `deno bench` reports the native
 * speed-up. Registers nothing when no BLAS is found (or `RNNLAB_BLAS=none`).
 */
export async function benchProducts(
  shape: BenchShape,
  mode: BenchMode,
  options: { n?: number; warmup?: number } = {},
): Promise<void> {
  await useBackend("wasm");
  if (resolveProducts("auto", 1, true).products !== "blas") {
    console.error(`no BLAS (${BLAS_ENV}=${Deno.env.get(BLAS_ENV) ?? ""}): no native product bench`);
    return;
  }
  const group = `${shape.cell} h${shape.hidden} b${shape.batch} t${shape.seq} ${mode} products`;
  for (const products of ["wasm", "blas"] as Products[]) {
    Deno.bench({
      name: `${group} ${products}`,
      group,
      baseline: products === "wasm",
      ...options,
      fn: async () => {
        await useBackend("wasm");
        resolveProducts(products, 1, true);
        const run = runFor(shape, "fused", products);
        if (mode === "train") await run.trainStep();
        else await run.forwardLoss();
      },
    });
  }
}
