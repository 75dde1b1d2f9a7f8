/**
 * The report fixture output folder and writable copies of it for tests that write into it.
 * @module
 */

/** Path of the committed fixture output folder. */
export const FIXTURE = new URL("../fixtures/report/sample-out", import.meta.url).pathname;

/** Recursive folder copy. */
export async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const src = `${from}/${entry.name}`;
    const dst = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyDir(src, dst);
    else if (entry.isFile) await Deno.copyFile(src, dst);
  }
}

/** Copy the fixture to `<new temp root>/<name>`; remove `root` when done. */
export async function fixtureCopy(name = "sample-out"): Promise<{ dir: string; root: string }> {
  const root = await Deno.makeTempDir({ prefix: "rnnlab-report-" });
  const dir = `${root}/${name}`;
  await copyDir(FIXTURE, dir);
  return { dir, root };
}

/** Run `deno run -A <script> ...args` from the repository root; exit code and output. */
export async function runScript(
  script: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = new URL("../../", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}
