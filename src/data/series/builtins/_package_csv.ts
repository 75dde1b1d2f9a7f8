/**
 * Shared loader for built-in series shipped as CSV inside pinned npm data packages.
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readCsvPanel } from "../csv.ts";
import type { Series, SeriesSpec } from "../types.ts";

/**
 * Path of `<pkg>/<file>` in node_modules. Packages with an `exports` map (vega-datasets) refuse
 * deep paths, so resolve the package's entry point and walk up to its root instead.
 */
export function packageFilePath(packageFile: string): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(packageFile);
  } catch {
    const parts = packageFile.split("/");
    const pkg = parts.slice(0, packageFile.startsWith("@") ? 2 : 1).join("/");
    const rest = parts.slice(pkg.split("/").length).join("/");
    let dir = dirname(require.resolve(pkg));
    while (!dir.endsWith(join("node_modules", pkg)) && dirname(dir) !== dir) dir = dirname(dir);
    return join(dir, rest);
  }
}

/** Read `<pkg>/<file>` from node_modules and parse it with `spec` (one series or several). */
export function loadPackageCsv(packageFile: string, spec: SeriesSpec): Series[] {
  return readCsvPanel(Deno.readTextFileSync(packageFilePath(packageFile)), spec, packageFile);
}
