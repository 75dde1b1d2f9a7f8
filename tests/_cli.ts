/** Run an rnnlab CLI entry point as a subprocess (as a user would) and capture its output. */

const ROOT = new URL("../", import.meta.url).pathname;

/** Exit code, stdout and stderr of `deno run -A src/cli/<entry>.ts ...args`. */
export async function runCliProcess(
  entry: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}src/cli/${entry}.ts`, ...args],
    cwd: options.cwd ?? ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
  });
  const out = await command.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/** stderr without Deno's own notices (npm build-script warnings), trimmed. */
export function ownStderr(stderr: string): string {
  return stderr.split("\n").filter((l) =>
    l.trim() && !/[│╭╰]|approve-scripts|Ignored build|Blocking waiting for file lock/.test(l)
  )
    .join("\n");
}

/** The repository root (absolute, with a trailing slash). */
export const REPO_ROOT = ROOT;
