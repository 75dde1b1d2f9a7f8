import { assertEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import { splitText } from "../../src/data/split.ts";
import { UNK_CHAR, UNK_ID, Vocab } from "../../src/data/vocab.ts";

Deno.test("Vocab holds the sorted unique characters of the text, after the unknown id 0", () => {
  const vocab = Vocab.fromText("hello world");
  assertEquals(vocab.chars, [UNK_CHAR, " ", "d", "e", "h", "l", "o", "r", "w"]);
  assertEquals(vocab.size, 9);
  assertEquals(UNK_ID, 0);
  assertEquals([...vocab.encode("hello")], [4, 3, 5, 5, 6]);
});

Deno.test("Vocab is built from the training split only; unseen characters map to 0", () => {
  const { train, val } = splitText("aaaabbbbbbbbbbbbbbbbcc", [0.5, 0.4, 0.1]);
  const vocab = Vocab.fromText(train);
  assertEquals(vocab.size, 3); // unknown, "a", "b"; "c" only occurs in val/test
  assertEquals([...vocab.encode("abc")], [1, 2, 0]);
  assertEquals(vocab.idOf("c"), UNK_ID);
  assertEquals(vocab.decode(vocab.encode(val)), val);
  assertEquals(vocab.decode(vocab.encode("cab")), `${UNK_CHAR}ab`);
});

Deno.test("Vocab round-trips text, astral characters and JSON", () => {
  const text = "Café — naïve 😀 façade\n\t😀!";
  const vocab = Vocab.fromText(text);
  const ids = vocab.encode(text);
  assertEquals(ids.length, [...text].length); // one id per code point, not per UTF-16 unit
  assertEquals(vocab.decode(ids), text);
  const restored = Vocab.fromJSON(JSON.parse(JSON.stringify(vocab)));
  assertEquals(restored.chars, vocab.chars);
  assertEquals([...restored.encode(text + "?")], [...ids, UNK_ID]);
  assertThrows(() => vocab.decode([vocab.size]), RangeError, "outside the vocabulary");
});

Deno.test("Vocab.fromJSON rejects malformed vocabularies with an InputError", () => {
  const where = "results/run/checkpoint.json: vocab";
  const cases: [unknown, string][] = [
    [null, "is not a version-1 vocabulary"],
    [{ version: 2, chars: ["a"] }, "is not a version-1 vocabulary"],
    [{ version: 1, chars: "ab" }, "is not a version-1 vocabulary"],
    [{ version: 1, chars: ["b", "a"] }, "chars[1]"],
    [{ version: 1, chars: ["a", "a"] }, "chars[1]"],
    [{ version: 1, chars: ["ab"] }, "chars[0]"],
    [{ version: 1, chars: [7] }, "chars[0]"],
  ];
  for (const [json, problem] of cases) {
    const error = assertThrows(() => Vocab.fromJSON(json, where), InputError, problem);
    assertEquals(error.message.startsWith(`${where}: `), true, error.message);
  }
});

Deno.test("Vocab first-symbol: no placeholder id; unseen characters share the first id", () => {
  const vocab = Vocab.fromText("hello world", "first-symbol");
  assertEquals(vocab.chars, [" ", "d", "e", "h", "l", "o", "r", "w"]);
  assertEquals(vocab.size, 8);
  assertEquals([...vocab.encode("hello?")], [3, 2, 4, 4, 5, 0]);
  assertEquals(vocab.decode(vocab.encode("hello?")), "hello ");
  const restored = Vocab.fromJSON(JSON.parse(JSON.stringify(vocab)));
  assertEquals([restored.unknown, restored.chars], ["first-symbol", vocab.chars]);
  assertEquals(Vocab.fromJSON(Vocab.fromText("ab").toJSON()).unknown, "own-id");
  assertThrows(
    () => Vocab.fromJSON({ version: 1, chars: ["a"], unknown: "drop" }),
    InputError,
    "unknown",
  );
});
