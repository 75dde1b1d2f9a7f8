/**
 * `deno task speed --cell lstm --hidden 128 --batch 32 --seq 64 --steps 30 [--backend wasm]
 * [--layers 1] [--vocab 65] [--embedding 32] [--warmup 3] [--impl fused|reference] [--workers 0|1]
 * [--products auto|blas|wasm] [--blas-threads 1]`
 *
 * Times the real training step (forward, backward, clip 5, Adam) on synthetic tokens after the
 * warm-up steps and prints one JSON line on stdout:
 * `{"cell","hidden","batch","seq","backend","msPerStep","cpuMsPerStep","charsPerSec","peakRssMiB",
 * "runtime"}` (`cpuMsPerStep`: this process's CPU time per step, steadier than wall time on a busy
 * machine),
 * `runtime` being the resolved product path (BLAS library, version, threads, or wasm).
 * `--impl` defaults to `fused` on wasm and cpu, `reference` elsewhere (webgpu). `--workers 1` lets
 * the fused cells hand half of each batch to a helper worker (the second core).
 * @module
 */
import process from "node:process";
import {
  type BackendName,
  BACKENDS,
  PRODUCTS,
  type Products,
  resolveProducts,
  useBackend,
} from "../backend/mod.ts";
import type { CellKind } from "../models/cell.ts";
import { CELL_KINDS } from "../models/cells/mod.ts";
import { type Implementation, SEQUENCE_IMPLEMENTATIONS } from "../models/sequences.ts";
import { InputError } from "../errors.ts";
import { parseCliArgs, runCli } from "./_main.ts";
import { peakRssMiB, SpeedRun } from "./_speed_task.ts";
import { FUSED_BACKENDS, startFusedWorker, stopFusedWorker } from "../models/fused/mod.ts";

const USAGE = "usage: deno task speed --cell lstm --hidden 128 --batch 32 --seq 64 --steps 30 " +
  "[--backend wasm] [--layers 1] [--vocab 65] [--embedding 32] [--warmup 3] " +
  "[--impl fused|reference] [--workers 0|1] [--products auto|blas|wasm] [--blas-threads 1]";

const NUMBERS = {
  hidden: 128,
  batch: 32,
  seq: 64,
  steps: 30,
  layers: 1,
  vocab: 65,
  embedding: 32,
  warmup: 3,
  workers: 0,
  "blas-threads": 1,
} as const;

const MIN_ZERO = { warmup: true, workers: true };

function positiveInt(key: string, raw: unknown, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(`speed: --${key}`, `must be an integer ≥ ${min}, got ${raw}`, USAGE);
  }
  return value;
}

function oneOf<T extends string>(key: string, raw: unknown, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(String(raw))) {
    throw new InputError(`speed: --${key}`, `unknown value "${raw}"`, `use ${allowed.join(" | ")}`);
  }
  return raw as T;
}

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("speed", USAGE, Deno.args, {
      string: ["cell", "backend", "impl", "products", ...Object.keys(NUMBERS)],
    });
    if (!args) return 0;
    const n = Object.fromEntries(
      Object.entries(NUMBERS).map(([key, fallback]) => [
        key,
        positiveInt(key, args[key as keyof typeof args], fallback, key in MIN_ZERO ? 0 : 1),
      ]),
    ) as Record<keyof typeof NUMBERS, number>;
    const cell = oneOf<CellKind>("cell", args.cell, CELL_KINDS, "lstm");
    const backend = oneOf<BackendName>("backend", args.backend, BACKENDS, "wasm");
    // The fused kernels exist for wasm and cpu; elsewhere the reference is the default.
    const implementation = oneOf<Implementation>(
      "impl",
      args.impl,
      Object.keys(SEQUENCE_IMPLEMENTATIONS) as Implementation[],
      (FUSED_BACKENDS as readonly string[]).includes(backend) ? "fused" : "reference",
    );
    if (n.workers > 1) {
      throw new InputError("speed: --workers", `at most 1 helper worker, got ${n.workers}`, USAGE);
    }
    const products = oneOf<Products>("products", args.products, PRODUCTS, "auto");
    await useBackend(backend);
    const runtime = resolveProducts(products, n["blas-threads"]);
    if (n.workers === 1) await startFusedWorker();
    const run = new SpeedRun({ cell, ...n, implementation });
    for (let i = 0; i < n.warmup; i++) await run.trainStep();
    const start = performance.now(), cpuStart = process.cpuUsage();
    for (let i = 0; i < n.steps; i++) await run.trainStep();
    const ms = (performance.now() - start) / n.steps;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000 / n.steps;
    run.dispose();
    stopFusedWorker();
    const round = (x: number, digits: number) => Number(x.toFixed(digits));
    console.log(JSON.stringify({
      cell,
      hidden: n.hidden,
      batch: n.batch,
      seq: n.seq,
      backend,
      msPerStep: round(ms, 2),
      cpuMsPerStep: round(cpuMs, 2),
      charsPerSec: Math.round(run.chars / (ms / 1000)),
      peakRssMiB: round(peakRssMiB(), 1),
      runtime,
    }));
    return 0;
  });
}
