/**
 * Shared CLI plumbing: bad input (InputError) → one line on stderr and exit 2; a crash → exit 1.
 * @module
 */
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
