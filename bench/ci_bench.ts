/**
 * A small, fast subset for CI: lstm and gru training steps and an rnn forward pass at toy sizes,
 * fused against the reference, few iterations. `deno bench -A bench/ci_bench.ts --json`.
 * @module
 */
import { benchPair } from "./_runs.ts";

const options = { n: 8, warmup: 2 };
await benchPair({ cell: "lstm", hidden: 32, batch: 8, seq: 16 }, "train", options);
await benchPair({ cell: "gru", hidden: 32, batch: 8, seq: 16 }, "train", options);
await benchPair({ cell: "rnn", hidden: 32, batch: 8, seq: 16 }, "forward", options);
