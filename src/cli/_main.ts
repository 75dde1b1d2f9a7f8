/**
 * Shared CLI plumbing: bad input (InputError) → one line on stderr and exit 2; a crash → exit 1.
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { InputError } from "../errors.ts";
import type { LoopControl } from "../train/loop.ts";

/** Run `main`; map its outcome to the process exit code. */
export async function runCli(main: () => Promise<number>): Promise<never> {
  let code: number;
  try {
    code = await main();
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`error: ${error.message}`);
      code = 2;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      code = 1;
    }
  }
  Deno.exit(code);
}

/** The `parseArgs` options the commands use; `--help` is added to every command. */
export interface CliFlags {
  boolean?: string[];
  string?: string[];
  collect?: string[];
  negatable?: string[];
  default?: Record<string, unknown>;
}

/**
 * Parse `argv` for `command`: print `usage` and return null on `--help`; otherwise reject any flag
 * not declared in `flags` (InputError, exit 2) and return the parsed arguments.
 */
// deno-lint-ignore no-explicit-any
export function parseCliArgs(command: string, usage: string, argv: string[], flags: CliFlags): any {
  const boolean = [...(flags.boolean ?? []), "help"];
  const args = parseArgs(argv, { ...flags, boolean });
  if (args.help) {
    console.log(usage);
    return null;
  }
  rejectUnknownFlags(command, args, [...boolean, ...(flags.string ?? [])]);
  return args;
}

/** Reject flags `parseArgs` collected that the command does not know. */
export function rejectUnknownFlags(
  command: string,
  args: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(args)) {
    if (key === "_" || known.includes(key)) continue;
    throw new InputError(
      `${command}: --${key}`,
      "unknown option",
      `use one of ${known.map((k) => `--${k}`).join(", ")}`,
    );
  }
}

/**
 * A loop control that SIGINT/SIGTERM interrupt: the first signal lets the current step finish (and
 * checkpoint), a second one exits at once with 130.
 */
export function interruptOnSignals(): LoopControl {
  const control: LoopControl = { interrupted: false };
  const onSignal = () => {
    if (control.interrupted) Deno.exit(130);
    control.interrupted = true;
    console.error("\ninterrupted: finishing the current step (press Ctrl-C again to quit now)");
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  return control;
}

/** Whether `path` exists (file or folder). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
