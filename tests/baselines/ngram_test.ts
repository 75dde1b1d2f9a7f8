import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { fitNgram, ngramBitsPerChar, ngramProbability } from "../../src/baselines/ngram.ts";
import { mulberry32 } from "../../src/_random.ts";

const ids = (text: string, alphabet: string) =>
  Int32Array.from([...text], (c) => alphabet.indexOf(c));

Deno.test("ngram: a tiny example checked by hand", () => {
  // "aaba", order 2, vocabulary a b c d. Bigrams (highest order, raw counts): aa 1, ab 1, ba 1
  // → n₁ 3, n₂ 0, D₂ = 1. Unigrams (continuation counts): a follows {a, b} → 2, b follows {a}
  // → 1 → n₁ 1, n₂ 1, D₁ = 1/3. P₁(a) = (2 − 1/3)/3 + (1/3 · 2/3) · 1/4 = 11/18,
  // P₁(b) = (1 − 1/3)/3 + 1/18 = 5/18, P₁(c) = P₁(d) = 1/18. After "a" (children aa, ab, each 1,
  // D₂ = 1) all mass goes to the lower order: P(· | a) = P₁.
  const model = fitNgram(ids("aaba", "abcd"), 4, 2);
  assertEquals(model.discounts, [1 / 3, 1]);
  const expected = [11 / 18, 5 / 18, 1 / 18, 1 / 18];
  for (let w = 0; w < 4; w++) {
    assertAlmostEquals(ngramProbability(model, [], w), expected[w], 1e-12);
    assertAlmostEquals(ngramProbability(model, [0], w), expected[w], 1e-12);
  }
});

Deno.test("ngram: matches a textbook implementation (exact fractions) on a longer text", () => {
  // Reference: a direct transcription of Chen & Goodman's interpolated Kneser–Ney with string
  // n-grams and rational arithmetic, order 3, vocabulary a–e (d, e never seen).
  const text = "abcaabcbbacabcaacbabcabbcaacabcbacbbaca";
  const model = fitNgram(ids(text, "abcde"), 5, 3);
  assertEquals(model.discounts, [1 / 2, 1 / 13, 1 / 4]);
  const reference: [string, number[]][] = [
    ["ab", [0.027831196581, 0.152831196581, 0.819097222222, 0.000120192308, 0.000120192308]],
    ["ca", [0.472275641026, 0.500053418803, 0.027430555556, 0.000120192308, 0.000120192308]],
    ["cc", [0.494230769231, 0.494230769231, 0.008653846154, 0.001442307692, 0.001442307692]],
    ["b", [0.333974358974, 0.333974358974, 0.329166666667, 0.001442307692, 0.001442307692]],
    ["", [0.35, 0.35, 0.225, 0.0375, 0.0375]],
  ];
  for (const [history, probabilities] of reference) {
    probabilities.forEach((p, w) =>
      assertAlmostEquals(ngramProbability(model, ids(history, "abcde"), w), p, 1e-11)
    );
  }
});

Deno.test("ngram: every conditional distribution sums to 1 over the vocabulary", () => {
  const random = mulberry32(7);
  for (const order of [1, 2, 3, 5, 7]) {
    const vocabSize = 6;
    // Skewed text over the first 5 ids (id 5 is never seen in training).
    const train = Int32Array.from({ length: 2000 }, () => Math.floor(random() ** 2 * 5));
    const model = fitNgram(train, vocabSize, order);
    for (let trial = 0; trial < 20; trial++) {
      const history = Array.from(
        { length: Math.floor(random() * 8) },
        () => Math.floor(random() * vocabSize),
      );
      let sum = 0;
      for (let w = 0; w < vocabSize; w++) {
        const p = ngramProbability(model, history, w);
        assert(p > 0, `order ${order}: P(${w} | ${history}) must be positive`);
        sum += p;
      }
      assertAlmostEquals(sum, 1, 1e-12, `order ${order}, history ${history}`);
    }
  }
});

Deno.test("ngram: bits per char agree with the probabilities, and context helps", () => {
  const random = mulberry32(3);
  // A noisy cycle: each symbol is the previous + 1 (mod 4) 90 % of the time.
  const make = (n: number) => {
    const out = new Int32Array(n);
    for (let i = 1; i < n; i++) {
      out[i] = random() < 0.9 ? (out[i - 1] + 1) % 4 : Math.floor(random() * 4);
    }
    return out;
  };
  const train = make(5000);
  const val = make(500);
  const model = fitNgram(train, 4, 3);
  let bits = 0;
  for (let i = 1; i < val.length; i++) {
    bits -= Math.log2(ngramProbability(model, val.subarray(Math.max(0, i - 2), i), val[i]));
  }
  assertAlmostEquals(ngramBitsPerChar(model, val), bits / (val.length - 1), 1e-9);
  const unigram = ngramBitsPerChar(fitNgram(train, 4, 1), val);
  assert(unigram > 1.9, `unigram ${unigram}: near-uniform symbols carry ~2 bits`);
  assert(ngramBitsPerChar(model, val) < 1, "the previous symbol predicts the next one");
});

Deno.test("ngram: ids outside the vocabulary are a programming error", () => {
  assertThrows(() => fitNgram(Int32Array.of(0, 7), 3, 2), RangeError);
  assertThrows(() => fitNgram(Int32Array.of(0, 1), 3, 0), RangeError);
});
