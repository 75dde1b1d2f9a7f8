/**
 * The report files of an output folder (`report.md`, `report.html`, `lecture.md`, `charts/`), read
 * or deleted, for tests that rebuild a report and compare it with the one written.
 * @module
 */
import { join } from "node:path";

/** Every report file of an output folder: path relative to it → text. */
export async function reportFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of ["report.md", "report.html", "lecture.md"]) {
    try {
      files[name] = await Deno.readTextFile(join(dir, name));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  try {
    for await (const entry of Deno.readDir(join(dir, "charts"))) {
      files[`charts/${entry.name}`] = await Deno.readTextFile(join(dir, "charts", entry.name));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

/** Delete the report files of `dir` (not summary.json or the run folders). */
export async function deleteReport(dir: string): Promise<void> {
  for (const name of ["report.md", "report.html", "lecture.md", "charts"]) {
    await Deno.remove(join(dir, name), { recursive: true }).catch(() => {});
  }
}
