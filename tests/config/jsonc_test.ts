import { assertEquals, assertThrows } from "@std/assert";
import { parseJsonc } from "../../src/config/_jsonc.ts";
import { InputError } from "../../src/errors.ts";

Deno.test("jsonc: comments and trailing commas are accepted", () => {
  const text = `\uFEFF// leading
{
  "a": 1, // end of line
  /* block
     comment */ "b": [1, 2, 3,],
  "url": "http://x/*not a comment*/", // strings keep // and /*
  "nested": { "c": null, "d": true, },
}
`;
  assertEquals(parseJsonc(text, "f.jsonc"), {
    a: 1,
    b: [1, 2, 3],
    url: "http://x/*not a comment*/",
    nested: { c: null, d: true },
  });
});

Deno.test("jsonc: values match JSON.parse", () => {
  const text = '{"s":"a\\"b\\u00e9\\n","n":-1.5e3,"z":0,"e":[],"o":{}}';
  assertEquals(parseJsonc(text, "f"), JSON.parse(text));
});

Deno.test("jsonc: syntax errors name file, line and column", () => {
  const cases: [string, string][] = [
    ['{\n  "a": 1\n  "b": 2\n}', "f.jsonc:3:3: JSONC syntax error: expected ',' or '}'"],
    ["{\n  a: 1\n}", "f.jsonc:2:3: JSONC syntax error: expected a double-quoted key"],
    ['{"a": }', "f.jsonc:1:7: JSONC syntax error: expected a value"],
    ['{"a": 1', "f.jsonc:1:8: JSONC syntax error"],
    ["{ /* open", "f.jsonc:1:3: JSONC syntax error: unterminated /* comment"],
    ['{"a": "x\n"}', "f.jsonc:1:7: JSONC syntax error: unterminated string"],
    ['{"a": 1, "a": 2}', 'f.jsonc:1:10: JSONC syntax error: duplicate key "a"'],
    ['{"a": 1} 2', "f.jsonc:1:10: JSONC syntax error: unexpected text"],
    ["", "f.jsonc:1:1: JSONC syntax error: expected a value, found end of file"],
    ['{"a": [1 2]}', "f.jsonc:1:10: JSONC syntax error: expected ',' or ']'"],
  ];
  for (const [text, message] of cases) {
    const error = assertThrows(() => parseJsonc(text, "f.jsonc"), InputError, message);
    assertEquals(error.message.includes("\n"), false);
  }
});
