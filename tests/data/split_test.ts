import { assertEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import { DEFAULT_SPLIT, splitText } from "../../src/data/split.ts";

Deno.test("splitText cuts contiguous parts that concatenate to the text", () => {
  const text = Array.from({ length: 1003 }, (_, i) => String.fromCharCode(33 + (i % 90))).join("");
  const { train, val, test } = splitText(text, [0.9, 0.05, 0.05]);
  assertEquals(train + val + test, text);
  assertEquals([train.length, val.length, test.length], [903, 50, 50]);
  assertEquals(text.indexOf(val, train.length), train.length);
});

Deno.test("splitText defaults to 0.9/0.05/0.05 and allows an empty test part", () => {
  assertEquals(DEFAULT_SPLIT, [0.9, 0.05, 0.05]);
  const text = "x".repeat(200);
  const parts = splitText(text);
  assertEquals([parts.train.length, parts.val.length, parts.test.length], [180, 10, 10]);
  const noTest = splitText("y".repeat(999), [0.7, 0.3, 0]);
  assertEquals([noTest.train.length, noTest.val.length, noTest.test], [699, 300, ""]);
});

Deno.test("splitText accepts fractions summing to 1 within 1e-6 and never splits a surrogate pair", () => {
  const parts = splitText("abcdefghij", [0.5, 0.3, 0.2000004]);
  assertEquals(parts.train + parts.val + parts.test, "abcdefghij");
  // index 5 falls inside the pair of 😀 (U+1F600); the boundary moves just after it
  const emoji = "abcd😀fghij";
  const split = splitText(emoji, [0.5, 0.25, 0.25]);
  assertEquals(split.train, "abcd😀");
  assertEquals(split.train + split.val + split.test, emoji);
});

Deno.test("splitText rejects bad fractions with an InputError naming the key", () => {
  const where = "experiments/x.jsonc: corpus.split";
  const cases: [unknown, string][] = [
    [[0.9, 0.1], "must have 3 entries"],
    [[0.9, "0.05", 0.05], "must be numbers"],
    [[0.9, Number.NaN, 0.1], "must be numbers"],
    [[1, 0, 0], "train and val must be > 0 and test ≥ 0"],
    [[0, 0.5, 0.5], "train and val must be > 0 and test ≥ 0"],
    [[0.9, 0.2, -0.1], "train and val must be > 0 and test ≥ 0"],
    [[0.8, 0.1, 0.05], "must sum to 1"],
    [[0.9, 0.05, 0.05001], "must sum to 1"],
  ];
  for (const [fractions, problem] of cases) {
    const error = assertThrows(
      () => splitText("abc", fractions as number[], where),
      InputError,
      problem,
    );
    assertEquals(error.message.startsWith(`${where}: `), true, error.message);
    assertEquals(error.message.includes("[0.9, 0.05, 0.05]"), true, error.message);
  }
});
