/**
 * What fusion buys on wasm: training steps and forward passes, rnn/lstm/gru at H ∈ {128, 512},
 * the peer's shapes (B = 32, T = 64, V = 65, E = 32); the op-by-op reference is each group's
 * baseline; and the fused training step on the system BLAS against the wasm products.
 * `deno bench -A bench/fused_bench.ts [--json]`.
 * @module
 */
import { CELL_KINDS } from "../src/models/cells/mod.ts";
import { benchPair, benchProducts } from "./_runs.ts";

for (const hidden of [128, 512]) {
  for (const cell of CELL_KINDS) {
    const shape = { cell, hidden, batch: 32, seq: 64 };
    // Few iterations at H = 512: a reference LSTM training step takes seconds there.
    const options = hidden === 512 ? { n: 4, warmup: 1 } : { n: 15, warmup: 2 };
    await benchPair(shape, "train", options);
    await benchPair(shape, "forward", options);
    await benchProducts(shape, "train", options);
  }
}
