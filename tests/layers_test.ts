/**
 * Data flows one way: every relative import under `src/` goes from a layer to one below it (or
 * stays inside its own folder). The order is the README's "Layout of the code".
 */
import { assert, assertEquals } from "@std/assert";
import { dirname, join, relative } from "node:path";

/** `src/` folders and top-level files, top to bottom; entries in one row are peers. */
const LAYERS: readonly (readonly string[])[] = [
  ["cli"],
  ["experiment"],
  ["train", "report"],
  ["tasks"],
  ["baselines"],
  ["metrics"],
  ["models"],
  ["data"],
  ["config"],
  ["backend"],
  ["errors.ts", "_nearest.ts", "_random.ts", "_fs.ts"],
];

/** Imports that break the order today, each with the issue that removes it. */
const KNOWN_EXCEPTIONS: readonly string[] = [];

const SRC = new URL("../src/", import.meta.url).pathname;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/**
 * Every relative module specifier in `source`: static imports and re-exports (`from "…"`),
 * side-effect imports (`import "…"`) and dynamic imports (`import("…")`), JSDoc examples included
 * (they run as doc tests).
 */
export function relativeImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** The layer entry a `src/`-relative path belongs to: its first folder, or the file itself. */
function unitOf(path: string): string {
  return path.split("/")[0];
}

function rank(unit: string): number {
  const i = LAYERS.findIndex((row) => row.includes(unit));
  return i;
}

Deno.test("layers: the import scanner sees every form of import", () => {
  const source = [
    `import { a } from "../a.ts";`,
    `import type { B } from "./b.ts";`,
    `export * from "../../c/mod.ts";`,
    `import "./d.ts";`,
    `await import("./e.ts").then((m) => m);`,
    `} from\n  "./f.ts";`,
    `import { z } from "zod";`,
  ].join("\n");
  assertEquals(relativeImports(source), [
    "../a.ts",
    "./b.ts",
    "../../c/mod.ts",
    "./d.ts",
    "./e.ts",
    "./f.ts",
  ]);
});

Deno.test("layers: every folder and top-level file of src/ has a place in the order", () => {
  const units = [...Deno.readDirSync(SRC)].map((e) => e.name).filter((name) =>
    !name.startsWith(".")
  );
  const missing = units.filter((unit) => rank(unit) < 0);
  assertEquals(missing, [], "add them to LAYERS and to the README's layout section");
});

Deno.test("layers: no import goes up or sideways between folders of src/", () => {
  const violations: string[] = [];
  const exceptionsSeen = new Set<string>();
  let imports = 0;
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    for (const specifier of relativeImports(Deno.readTextFileSync(file))) {
      const to = relative(SRC, join(dirname(file), specifier));
      assert(!to.startsWith(".."), `${from} imports ${specifier}, outside src/`);
      imports++;
      const [a, b] = [unitOf(from), unitOf(to)];
      if (a === b) continue;
      if (rank(b) > rank(a)) continue;
      const edge = `${from} -> ${to}`;
      if (KNOWN_EXCEPTIONS.includes(edge)) exceptionsSeen.add(edge);
      else violations.push(edge);
    }
  }
  assert(imports > 300, `only ${imports} imports found: is the scanner broken?`);
  assertEquals(violations, [], "each import must go to a layer below (README: Layout)");
  const stale = KNOWN_EXCEPTIONS.filter((edge) => !exceptionsSeen.has(edge));
  assertEquals(stale, [], "these imports are gone: remove them from KNOWN_EXCEPTIONS");
});

Deno.test("layers: the README lists the same order", () => {
  const readme = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
  const section = readme.slice(readme.indexOf("## Layout of the code"));
  const listed = [...section.matchAll(/^src\/([\w.]+)\/?/gm)].map((m) => m[1]);
  assertEquals(listed, LAYERS.flat());
});
