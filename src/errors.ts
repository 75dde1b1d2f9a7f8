/**
 * Bad input (config, corpus, CSV, CLI): a one-line message that names the file or key, says what is
 * wrong and how to fix it. The CLI prints it on stderr and exits with code 2.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { InputError } from "./errors.ts";
 * const e = new InputError("experiments/x.jsonc: training.steps", "must be a positive integer, got -1", "set it to e.g. 300");
 * assert(e.message === "experiments/x.jsonc: training.steps: must be a positive integer, got -1; set it to e.g. 300");
 * ```
 */
export class InputError extends Error {
  constructor(where: string, problem: string, fix: string) {
    super(`${where}: ${problem}; ${fix}`.replace(/\s*\n\s*/g, " "));
    this.name = "InputError";
  }
}
