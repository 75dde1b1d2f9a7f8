/**
 * A small, fast subset for CI: lstm and gru training steps and an rnn forward pass at toy sizes,
 * fused against the reference, and an LSTM-128 training step (the peer's shapes) on the system
 * BLAS against the wasm products; few iterations. `deno bench -A bench/ci_bench.ts --json`.
 * @module
 */
import { benchPair, benchProducts } from "./_runs.ts";

const options = { n: 8, warmup: 2 };
await benchPair({ cell: "lstm", hidden: 32, batch: 8, seq: 16 }, "train", options);
await benchPair({ cell: "gru", hidden: 32, batch: 8, seq: 16 }, "train", options);
await benchPair({ cell: "rnn", hidden: 32, batch: 8, seq: 16 }, "forward", options);
await benchProducts({ cell: "lstm", hidden: 128, batch: 32, seq: 64 }, "train", {
  n: 6,
  warmup: 2,
});
