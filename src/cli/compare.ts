/**
 * `deno task compare <dirA> <dirB>`: a Markdown table of the runs of two output folders matched by
 * id — run, metric, A, B, delta (B − A), better/worse — for "did my change help?".
 *
 * Exit codes: 0 printed, 2 bad input.
 * @module
 */
import { InputError } from "../errors.ts";
import { readSummary } from "../report/read.ts";
import { compareSummaries, comparisonMarkdown } from "../report/compare.ts";
import { parseCliArgs, runCli } from "./_main.ts";

const USAGE = "usage: deno task compare <dirA> <dirB>   (B is compared against A)";

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("compare", USAGE, Deno.args, {});
    if (!args) return 0;
    if (args._.length !== 2) {
      throw new InputError("compare", `expects two output folders, got ${args._.length}`, USAGE);
    }
    const [dirA, dirB] = args._.map(String);
    const [a, b] = await Promise.all([readSummary(dirA), readSummary(dirB)]);
    console.log(comparisonMarkdown(compareSummaries(a, b), dirA, dirB));
    return 0;
  });
}
