/**
 * File-system checks the std library of this stack lacks (deno-std@1.4.0 has no `fs`).
 * @module
 */

/**
 * Whether `path` exists (file or folder); false on any error.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { exists } from "./_fs.ts";
 * assert(exists(Deno.cwd()) && !exists(`${Deno.cwd()}/no-such-file-here`));
 * ```
 */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
