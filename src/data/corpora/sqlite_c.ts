import type { CorpusSource } from "../corpora.ts";
import { npmFilePath } from "../_npm.ts";

// Never called: the literal import puts the package in Deno's module graph, so that
// `"nodeModulesDir": "auto"` installs it into node_modules/ before npmFilePath looks for it.
// Only the bundled C source is read; the package's native build scripts are never run.
const _install = () => import("better-sqlite3");

/** The SQLite amalgamation sqlite3.c: a large C-code corpus, like the lecture's Linux example. */
export const sqliteC: CorpusSource = {
  id: "sqlite-c",
  description: "sqlite3.c, the SQLite amalgamation (~9.5 MB of C source)",
  load: () => Deno.readTextFile(npmFilePath("better-sqlite3/deps/sqlite3/sqlite3.c", "sqlite-c")),
};
