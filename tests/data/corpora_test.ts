import { assert, assertEquals, assertRejects } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import { CORPORA, DEFAULT_CORPUS_ID, loadCorpus } from "../../src/data/corpora.ts";

const where = "experiments/x.jsonc: corpus";

Deno.test("corpora: the registry lists the four built-ins, moby-dick by default", () => {
  assertEquals(Object.keys(CORPORA).sort(), ["moby-dick", "sonnet-116", "sotu", "sqlite-c"]);
  assertEquals(DEFAULT_CORPUS_ID, "moby-dick");
  for (const [id, source] of Object.entries(CORPORA)) {
    assertEquals(source.id, id);
    assert(source.description.length > 0);
  }
});

Deno.test("corpora: sonnet-116 is the 14 lines of the sonnet", async () => {
  const { id, text } = await loadCorpus({ id: "sonnet-116" }, where);
  assertEquals(id, "sonnet-116");
  const lines = text.trimEnd().split("\n");
  assertEquals(lines.length, 14);
  assertEquals(lines[0], "Let me not to the marriage of true minds");
  assertEquals(lines[1], "Admit impediments. Love is not love");
  assertEquals(lines[13], "I never writ, nor no man ever loved.");
});

Deno.test("corpora: moby-dick, sotu and sqlite-c load from their npm packages", async () => {
  const moby = await loadCorpus({ id: "moby-dick" }, where);
  assert(moby.text.length > 1_000_000, `moby-dick has ${moby.text.length} chars`);
  assert(moby.text.includes("Call me Ishmael."));

  const sqlite = await loadCorpus({ id: "sqlite-c" }, where);
  assert(sqlite.text.length > 5_000_000, `sqlite-c has ${sqlite.text.length} chars`);
  assert(sqlite.text.includes("sqlite3_open"));

  const { text } = await loadCorpus({ id: "sotu" }, where);
  assert(text.length > 5_000_000, `sotu has ${text.length} chars`);
  assert(text.startsWith("Fellow-Citizens of the Senate and House of Representatives:"));
  const addresses = text.trimEnd().split("\n\n");
  assert(addresses.length >= 233, `${addresses.length} addresses`);
});

Deno.test("corpora: any UTF-8 file path loads, its id being the path", async () => {
  const path = await Deno.makeTempFile({ suffix: ".txt" });
  try {
    await Deno.writeTextFile(path, "\uFEFFnaïve café 😀\n");
    assertEquals(await loadCorpus({ path }, where), { id: path, text: "naïve café 😀\n" });
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("corpora: every bad input throws a one-line InputError naming the key and the fix", async () => {
  const dir = await Deno.makeTempDir();
  const empty = `${dir}/empty.txt`;
  const latin1 = `${dir}/latin1.txt`;
  await Deno.writeFile(empty, new Uint8Array());
  await Deno.writeFile(latin1, new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
  const cases: [Parameters<typeof loadCorpus>[0], string][] = [
    [
      { id: "moby_dick" },
      `${where}.id: unknown corpus "moby_dick"; did you mean "moby-dick"? ` +
      "available: moby-dick, sotu, sqlite-c, sonnet-116",
    ],
    [
      { id: "shakespeare-complete" },
      `${where}.id: unknown corpus "shakespeare-complete"; available:`,
    ],
    [{ id: "toString" }, `${where}.id: unknown corpus "toString"`],
    [{ path: `${dir}/missing.txt` }, `${where}.path: file "${dir}/missing.txt" not found`],
    [{ path: dir }, `${where}.path: "${dir}" is a directory`],
    [{ path: empty }, `${where}.path: file "${empty}" is empty`],
    [{ path: latin1 }, `${where}.path: file "${latin1}" is not valid UTF-8 (bad byte at offset 3)`],
    [{ path: "" }, `${where}.path: is empty`],
    [{ id: "sotu", path: empty }, `${where}: sets both "id" and "path"; keep one`],
    [{}, `${where}: needs "id" or "path"; set "id" to a built-in (moby-dick, sotu`],
  ];
  try {
    for (const [spec, expected] of cases) {
      const error = await assertRejects(() => loadCorpus(spec, where), InputError);
      assert(error.message.startsWith(expected), `${error.message}\n  expected: ${expected}`);
      assert(!error.message.includes("\n"), error.message);
      assert(error.message.includes("; "), `no fix in: ${error.message}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
