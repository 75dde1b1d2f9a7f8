/**
 * `deno task report <out> [<out> ...]`: rebuild `charts/*.svg` and `report.html` of experiment
 * output folders from the folders alone. A folder without `summary.json` whose subfolders have
 * one (e.g. the lecture's `DIR/<experiment>/`) is done subfolder by subfolder.
 *
 * Exit codes: 0 done, 2 bad input.
 * @module
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { writeReportAssets } from "../report/html.ts";
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

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("report", USAGE, Deno.args, {});
    if (!args) return 0;
    if (args._.length === 0) throw new InputError("report", "no output folder given", USAGE);
    for (const dir of args._.map(String)) {
      for (const folder of await experimentFolders(dir)) {
        const charts = await writeReportAssets(folder);
        console.log(
          `${join(folder, "report.html")} (${charts.length} charts: ${
            charts.map((c) => c.replace(/^charts\/|\.svg$/g, "")).join(", ")
          })`,
        );
      }
    }
    return 0;
  });
}
