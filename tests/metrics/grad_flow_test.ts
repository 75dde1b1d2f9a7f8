import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { CELL_KINDS } from "../../src/models/cells/mod.ts";
import { RecurrentModel } from "../../src/models/model.ts";
import { mulberry32 } from "../../src/_random.ts";
import { fitDecay, gradientFlow } from "../../src/metrics/grad_flow.ts";
import { assertAllClose } from "../_assert_close.ts";
import { sequence64, type Sequence64Input } from "../_reference64.ts";

await useBackend("cpu");

const T = 6, B = 2, E = 2, H = 3, OUT = 2;

const f64 = (v: tf.Variable) => Float64Array.from(v.dataSync());

/** L_T of the float64 reference: Σ_b Σ_o (h_T·headW + headB − target)², from `h` (and `c`) at `t`. */
function lossFrom64(
  base: Omit<Sequence64Input, "steps" | "xs" | "h0" | "c0">,
  xs: Float64Array,
  t: number,
  h: Float64Array,
  c: Float64Array | undefined,
  headW: Float64Array,
  headB: Float64Array,
  targets: Float64Array,
): number {
  const rest = T - 1 - t;
  const out = sequence64({
    ...base,
    steps: rest,
    xs: xs.slice((t + 1) * B * E),
    h0: h,
    c0: c,
  });
  let loss = 0;
  for (let b = 0; b < B; b++) {
    for (let o = 0; o < OUT; o++) {
      let y = headB[o];
      for (let j = 0; j < H; j++) y += out.h[b * H + j] * headW[j * OUT + o];
      loss += (y - targets[b * OUT + o]) ** 2;
    }
  }
  return loss;
}

for (const kind of CELL_KINDS) {
  Deno.test(`grad flow: ${kind} probe matches float64 finite differences`, async () => {
    const model = new RecurrentModel({
      cell: kind,
      hidden: H,
      layers: 1,
      inputSize: E,
      outputSize: OUT,
      dropout: 0,
      seed: 3,
      implementation: "fused",
      name: `gf-${kind}`,
    });
    try {
      const random = mulberry32(11);
      const xs = Float64Array.from({ length: T * B * E }, () => random() * 2 - 1);
      const targets = Float64Array.from({ length: B * OUT }, () => random());
      const w = model.layers[0];
      const base = {
        kind,
        batch: B,
        inputSize: E,
        hidden: H,
        wx: f64(w.wx),
        wh: f64(w.wh),
        bx: f64(w.bx),
        bh: f64(w.bh),
      };
      const headW = f64(model.headW), headB = f64(model.headB);
      const inputs = tf.tensor3d(Float32Array.from(xs), [T, B, E]);
      const targetTensor = tf.tensor2d(Float32Array.from(targets), [B, OUT]);
      const [profile] = await gradientFlow(
        model,
        inputs,
        (y) => tf.sum(tf.square(tf.sub(y, targetTensor)), 1) as tf.Tensor1D,
      );
      assertEquals(profile.norms.length, T);

      // States h_t (and c_t) of the float64 forward pass, then ∂L_T/∂h_t by central differences.
      const full = sequence64({ ...base, steps: T, xs, h0: new Float64Array(B * H) });
      const expected: number[] = [];
      for (let k = 0; k < T; k++) {
        const t = T - 1 - k;
        const h = full.hs.slice(t * B * H, (t + 1) * B * H);
        let c: Float64Array | undefined;
        if (kind === "lstm") {
          c = sequence64({ ...base, steps: t + 1, xs, h0: new Float64Array(B * H) }).c!;
        }
        let meanNorm = 0;
        for (let b = 0; b < B; b++) {
          let sq = 0;
          for (let j = 0; j < H; j++) {
            const i = b * H + j, eps = 1e-6, original = h[i];
            h[i] = original + eps;
            const plus = lossFrom64(base, xs, t, h, c, headW, headB, targets);
            h[i] = original - eps;
            const minus = lossFrom64(base, xs, t, h, c, headW, headB, targets);
            h[i] = original;
            // Examples are independent, so the summed loss's row b is example b's own gradient.
            sq += ((plus - minus) / (2 * eps)) ** 2;
          }
          meanNorm += Math.sqrt(sq) / B;
        }
        expected.push(meanNorm);
      }
      assertAllClose(profile.norms, expected, { abs: 1e-5, rel: 2e-3 }, `${kind} ‖∂L_T/∂h_{T−k}‖`);
      assert(Math.abs(profile.decayPerStep! - fitDecay(expected)!) < 1e-3);
      tf.dispose([inputs, targetTensor]);
    } finally {
      model.dispose();
    }
  });
}

Deno.test("grad flow: maxLag bounds K, one profile per layer, no tensor leak", async () => {
  const model = new RecurrentModel({
    cell: "lstm",
    hidden: 4,
    layers: 2,
    inputSize: 3,
    vocabSize: 5,
    outputSize: 5,
    dropout: 0,
    seed: 1,
    implementation: "reference",
    name: "gf-layers",
  });
  const ids = tf.tensor2d(Int32Array.from({ length: 8 * 2 }, (_, i) => i % 5), [8, 2], "int32");
  const before = tf.memory().numTensors;
  const profiles = await gradientFlow(model, ids, (y) => tf.logSumExp(y, 1) as tf.Tensor1D, 3);
  assertEquals(tf.memory().numTensors, before);
  assertEquals(profiles.map((p) => [p.layer, p.norms.length]), [[0, 4], [1, 4]]);
  assert(profiles.every((p) => p.norms.every((n) => n > 0)));
  ids.dispose();
  model.dispose();
});

Deno.test("grad flow: fitDecay is the least-squares log slope, skipping underflow", () => {
  const norms = [1, 0.5, 0.25, 0, 0.0625];
  assert(Math.abs(fitDecay(norms)! - Math.log(0.5)) < 1e-12);
  assertEquals(fitDecay([2]), null);
  assert(fitDecay([1, 2, 4])! > 0);
});
