import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Absolute path of a file inside an npm package that deno.json maps (installed into node_modules/
 * by `"nodeModulesDir": "auto"`). Throws an Error saying how to install it when it is missing.
 */
export function npmFilePath(specifier: string, corpusId: string): string {
  try {
    return require.resolve(specifier);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(
      `corpus "${corpusId}": cannot find ${specifier} in node_modules (${reason}); ` +
        `run "deno install" in the repository root`,
    );
  }
}
