import { assertEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import { BatchStream, evalBatches, minimumChars } from "../../src/data/batches.ts";

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const row = (
  ids: Int32Array,
  b: number,
  seqLen: number,
) => [...ids.subarray(b * seqLen, (b + 1) * seqLen)];

Deno.test("batches: targets are the inputs shifted by one", () => {
  const ids = range(1000).map((i) => (i * 7919) % 97);
  const stream = new BatchStream(ids, 4, 16);
  for (let n = 0; n < 30; n++) {
    const { inputs, targets } = stream.next();
    assertEquals(inputs.length, 4 * 16);
    for (let b = 0; b < 4; b++) {
      assertEquals(row(inputs, b, 16).slice(1), row(targets, b, 16).slice(0, 15));
    }
  }
});

Deno.test("batches: each row continues the same row of the previous batch (carried state)", () => {
  const stream = new BatchStream(range(1000), 4, 16);
  assertEquals(stream.streamLength, 250);
  assertEquals(stream.stepsPerEpoch, 15); // floor((250 - 1) / 16)
  let previous = stream.next();
  for (let n = 1; n < stream.stepsPerEpoch; n++) {
    const batch = stream.next();
    for (let b = 0; b < 4; b++) {
      // with ids = positions, row b must start right where its previous batch ended
      assertEquals(batch.inputs[b * 16], previous.inputs[b * 16 + 15] + 1);
      assertEquals(batch.inputs[b * 16], previous.targets[b * 16 + 15]);
      assertEquals(row(batch.inputs, b, 16)[0], b * 250 + n * 16);
    }
    assertEquals([batch.epoch, batch.step, batch.wrapped], [0, n, false]);
    previous = batch;
  }
});

Deno.test("batches: the stream wraps to its start, reporting epoch and wrapped", () => {
  const stream = new BatchStream(range(20), 2, 3); // streams of 10 ids: 3 steps per epoch
  const seen = Array.from({ length: 7 }, () => stream.next());
  assertEquals(seen.map((b) => [b.epoch, b.step, b.wrapped]), [
    [0, 0, false],
    [0, 1, false],
    [0, 2, false],
    [1, 0, true],
    [1, 1, false],
    [1, 2, false],
    [2, 0, true],
  ]);
  assertEquals([...seen[2].inputs], [6, 7, 8, 16, 17, 18]);
  assertEquals([...seen[2].targets], [7, 8, 9, 17, 18, 19]); // last target is each stream's end
  assertEquals([...seen[3].inputs], [...seen[0].inputs]);
});

Deno.test("batches: setPosition resumes exactly where position left off", () => {
  const original = new BatchStream(range(500), 3, 7);
  for (let n = 0; n < 29; n++) original.next();
  const resumed = new BatchStream(range(500), 3, 7);
  resumed.setPosition(original.position);
  assertEquals(original.position, 29);
  for (let n = 0; n < 10; n++) assertEquals(resumed.next(), original.next());
  assertThrows(() => resumed.setPosition(-1), RangeError);
});

Deno.test("evalBatches: deterministic, consecutive, capped by maxBatches and by the split", () => {
  const ids = range(400);
  const batches = evalBatches(ids, 4, 8, 5);
  assertEquals(batches.length, 5);
  assertEquals(evalBatches(ids, 4, 8, 5), batches);
  assertEquals(batches.map((b) => b.inputs[8]), [100, 108, 116, 124, 132]); // row 1 carries on
  assertEquals(evalBatches(ids, 4, 8, 1000).length, 12); // floor((100 - 1) / 8)
});

Deno.test("batches: a split below batch × (seqLen + 1) throws an InputError saying the minimum", () => {
  assertEquals(minimumChars(32, 64), 2080);
  new BatchStream(range(2080), 32, 64); // exactly the minimum is enough
  const error = assertThrows(
    () => new BatchStream(range(2079), 32, 64, { corpus: "sonnet-116", split: "train" }),
    InputError,
  );
  assertEquals(
    error.message,
    'corpus "sonnet-116": its train split has 2079 characters, fewer than the 2080 that ' +
      "training.batch 32 × (training.seqLen 64 + 1) needs; " +
      "lower training.batch or training.seqLen, or use a larger corpus",
  );
  const evalError = assertThrows(
    () =>
      evalBatches(range(31), 4, 8, 8, {
        corpus: "sonnet-116",
        split: "val",
        where: "experiments/x.jsonc: corpus",
      }),
    InputError,
    "experiments/x.jsonc: corpus: its val split has 31 characters, fewer than the 36",
  );
  assertEquals(evalError.message.includes("lower training.batch or training.seqLen"), true);
});
