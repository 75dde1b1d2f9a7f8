/**
 * Output folders: must not exist or be empty, and must be writable; earlier results are never
 * overwritten.
 * @module
 */
import { InputError } from "../errors.ts";

/** Create `dir` (or accept an empty one); InputError when it holds files or cannot be written. */
export function claimOutDir(dir: string, flag = "--out"): void {
  let entries: string[] | null = null;
  try {
    entries = [...Deno.readDirSync(dir)].map((e) => e.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      if (error instanceof Deno.errors.NotADirectory) {
        throw new InputError(
          `${flag} ${dir}`,
          "is a file, not a directory",
          "name a new directory",
        );
      }
      throw new InputError(
        `${flag} ${dir}`,
        `cannot be read (${(error as Error).message})`,
        "name a directory you can write",
      );
    }
  }
  if (entries && entries.length > 0) {
    throw new InputError(
      `${flag} ${dir}`,
      `is not empty (${entries.length} entries; earlier results are never overwritten)`,
      "name a new or empty directory, or leave out --out for a fresh timestamped one",
    );
  }
  try {
    Deno.mkdirSync(dir, { recursive: true });
    const probe = `${dir}/.rnnlab-write-test`;
    Deno.writeTextFileSync(probe, "");
    Deno.removeSync(probe);
  } catch (error) {
    throw new InputError(
      `${flag} ${dir}`,
      `cannot be written (${(error as Error).message})`,
      "name a directory you can write, e.g. under results/",
    );
  }
}

/** `results/<experiment>/<timestamp>` (UTC, sortable). */
export function defaultOutDir(experiment: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `results/${experiment}/${stamp}`;
}
