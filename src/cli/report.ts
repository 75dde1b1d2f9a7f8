/**
 * `deno task report <out> [<out> ...]`: rebuild the whole report of experiment output folders from
 * the folders alone — `report.md`, `charts/*.svg` and `report.html` from `summary.json` and the
 * run files, each task's sections from the task registry — equal, byte for byte, to what the
 * experiment wrote. A lecture suite's folder (`lecture.md` beside `DIR/<experiment>/`) has every
 * experiment's report rebuilt, then `lecture.md`; another folder without `summary.json` whose
 * subfolders have one is done subfolder by subfolder.
 *
 * Exit codes: 0 done, 2 bad input.
 * @module
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { isLectureFolder, LECTURE_FILE, rebuildLecture, writeReport } from "../report/mod.ts";
import { exists, parseCliArgs, runCli } from "./_main.ts";

const USAGE = "usage: deno task report <output-folder> [<output-folder> ...]";

/** The experiment folders under `dir`: itself, or its direct subfolders with a summary. */
async function experimentFolders(dir: string): Promise<string[]> {
  if (await exists(join(dir, "summary.json"))) return [dir];
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory && await exists(join(dir, entry.name, "summary.json"))) {
        found.push(join(dir, entry.name));
      }
    }
  } catch {
    throw new InputError(dir, "is not a readable folder", "pass an experiment output folder");
  }
  if (found.length === 0) {
    throw new InputError(
      join(dir, "summary.json"),
      "does not exist (nor in any subfolder)",
      "pass a folder written by deno task experiment <name> --out DIR",
    );
  }
  return found.sort();
}

/**
 * A summary this version's report cannot read (one written by an older rnnlab lacks fields) is bad
 * input, not a crash.
 */
async function rebuilding<T>(folder: string, rebuild: () => Promise<T>): Promise<T> {
  try {
    return await rebuild();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new InputError(
      folder,
      `its summary.json lacks what this version's report reads (${error.message})`,
      "rerun the experiment with this version of rnnlab",
    );
  }
}

/** Rebuild one folder's report; prints what it wrote. */
async function rebuildExperiment(folder: string): Promise<void> {
  await rebuilding(folder, () => writeReport(folder));
  console.log(`${join(folder, "report.md")}, report.html, charts/`);
}

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("report", USAGE, Deno.args, {});
    if (!args) return 0;
    if (args._.length === 0) throw new InputError("report", "no output folder given", USAGE);
    for (const dir of args._.map(String)) {
      if (!await exists(join(dir, "summary.json")) && await isLectureFolder(dir)) {
        const parts = await rebuilding(dir, () => rebuildLecture(dir));
        for (const part of parts) console.log(`${join(part, "report.md")}, report.html, charts/`);
        console.log(join(dir, LECTURE_FILE));
        continue;
      }
      for (const folder of await experimentFolders(dir)) await rebuildExperiment(folder);
    }
    return 0;
  });
}
