/**
 * Interruption and `--resume`: a run stopped by SIGINT (or killed by SIGKILL) after its first
 * checkpoint, then resumed, ends exactly as an uninterrupted run with the same seed, and its
 * metrics.csv has each step once. Bad resumes exit 2 with one line and change nothing.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { ownStderr, REPO_ROOT, runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/summary.ts";

const STEPS = 400;
// Two layers with dropout and periodic samples: the dropout and sampling RNGs must resume too.
const SETS = [
  "grid={}",
  `training.steps=${STEPS}`,
  "training.checkpointInterval=20",
  "training.evalInterval=100",
  "training.sampleInterval=150",
  "model.layers=2",
  "model.dropout=0.3",
].flatMap((s) => ["--set", s]);

const root = await Deno.makeTempDir({ prefix: "rnnlab-resume-" });
const whole = `${root}/whole`;
const cut = `${root}/cut`;
const killed = `${root}/killed`;
const unfinished = `${root}/unfinished`;

function start(out: string) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${REPO_ROOT}src/cli/experiment.ts`, "smoke", "--out", out, ...SETS],
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Wait until `path` exists (the first checkpoint), failing if the process ends first. */
async function waitForFile(path: string, child: Deno.ChildProcess): Promise<void> {
  let ended = false;
  child.status.then(() => (ended = true));
  while (true) {
    try {
      await Deno.stat(path);
      return;
    } catch {
      if (ended) throw new Error(`the run ended before ${path} appeared`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const summaryOf = async (out: string): Promise<ExperimentSummary> =>
  JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
/** `step,trainLoss` of every metrics.csv row. */
const stepLosses = async (out: string) =>
  (await Deno.readTextFile(`${out}/run/metrics.csv`)).trim().split("\n").slice(1)
    .map((line) => line.split(",").slice(0, 2).join(","));

Deno.test("SIGINT/SIGKILL after the first checkpoint, then --resume = uninterrupted run", async () => {
  const reference = start(whole);
  const interrupted = start(cut);
  const hardKilled = start(killed);
  await Promise.all([
    waitForFile(`${cut}/run/checkpoint.json`, interrupted).then(() => interrupted.kill("SIGINT")),
    waitForFile(`${killed}/run/checkpoint.json`, hardKilled).then(() => hardKilled.kill("SIGKILL")),
  ]);
  const [done, stopped] = await Promise.all([reference.output(), interrupted.output()]);
  await hardKilled.status;
  assertEquals(done.code, 0, new TextDecoder().decode(done.stderr));
  const stderr = new TextDecoder().decode(stopped.stderr);
  assertEquals(stopped.code, 130, stderr);
  assertMatch(stderr, /interrupted/);

  // Interrupted: status recorded, a checkpoint at the last step, rows flushed up to it.
  const stoppedRun = (await summaryOf(cut)).runs[0];
  assertEquals(stoppedRun.status, "interrupted");
  assert(stoppedRun.steps >= 20 && stoppedRun.steps < STEPS, `stopped at ${stoppedRun.steps}`);
  const manifest = JSON.parse(await Deno.readTextFile(`${cut}/run/checkpoint.json`));
  assertEquals([manifest.step, manifest.status], [stoppedRun.steps, "interrupted"]);
  assertEquals((await stepLosses(cut)).length, stoppedRun.steps);
  await new Deno.Command("cp", { args: ["-r", cut, unfinished] }).output();

  // Killed hard: metrics.csv and events.jsonl readable up to the last flush.
  const killedRows = await stepLosses(killed);
  assert(killedRows.length >= 20, `${killedRows.length} rows`);
  killedRows.forEach((row, i) => assertEquals(Number(row.split(",")[0]), i + 1));
  const lines = (await Deno.readTextFile(`${killed}/run/events.jsonl`)).split("\n");
  for (const line of lines.slice(0, -1)) JSON.parse(line);

  // An output written before `evaluation.batches` existed resumes as if it had the default.
  const config = JSON.parse(await Deno.readTextFile(`${killed}/run/config.json`));
  assertEquals(config.evaluation.batches, 0);
  delete config.evaluation.batches;
  await Deno.writeTextFile(`${killed}/run/config.json`, JSON.stringify(config, null, 2));

  const expected = (await summaryOf(whole)).runs[0];
  const expectedRows = await stepLosses(whole);
  const outs = [cut, killed];
  const resumes = await Promise.all(
    outs.map((out) => runCliProcess("experiment", ["smoke", "--resume", out, ...SETS])),
  );
  for (const [i, out] of outs.entries()) {
    assertEquals(resumes[i].code, 0, resumes[i].stderr);
    const run = (await summaryOf(out)).runs[0];
    assertEquals(run.status, "finished");
    assertEquals(run.steps, STEPS);
    assert(
      Math.abs(run.valLoss! - expected.valLoss!) <= 1e-6,
      `${run.valLoss} vs ${expected.valLoss}`,
    );
    assertEquals(run.evals.map((e) => e.valLoss), expected.evals.map((e) => e.valLoss));
    assertEquals(run.samples.map((s) => s.text), expected.samples.map((s) => s.text));
    assertEquals(run.gradNorm, expected.gradNorm);
    // Each step exactly once, with the uninterrupted run's training loss.
    assertEquals(await stepLosses(out), expectedRows);
  }
});

Deno.test("bad --resume: exit 2, one line, nothing changed", async () => {
  const snapshot = async (dir: string) => {
    const files = ["summary.json", "run/metrics.csv", "run/events.jsonl", "run/checkpoint.json"];
    return (await Promise.all(files.map((f) => Deno.readTextFile(`${dir}/${f}`)))).join("\0");
  };
  const copy = async (name: string) => {
    await new Deno.Command("cp", { args: ["-r", unfinished, `${root}/${name}`] }).output();
    return `${root}/${name}`;
  };
  const truncated = await copy("truncated");
  const manifest = JSON.parse(await Deno.readTextFile(`${truncated}/run/checkpoint.json`));
  const blob = `${truncated}/run/${manifest.blob.file}`;
  await Deno.truncate(blob, (await Deno.stat(blob)).size - 100);
  const otherVocab = await copy("vocab");
  manifest.task.vocab.chars.pop();
  await Deno.writeTextFile(`${otherVocab}/run/checkpoint.json`, JSON.stringify(manifest));

  const cases: [string, string[], RegExp][] = [
    ["finished output", ["--resume", whole, ...SETS], /nothing to resume/],
    ["truncated checkpoint", ["--resume", truncated, ...SETS], /\.bin: is truncated/],
    ["vocabulary mismatch", ["--resume", otherVocab, ...SETS], /vocabulary mismatch/],
    ["other settings", ["--resume", unfinished, ...SETS, "--set", "model.hidden=9"], /differs/],
    ["with --out", ["--resume", unfinished, "--out", `${root}/x`, ...SETS], /--out/],
  ];
  const before = await Promise.all([whole, truncated, otherVocab, unfinished].map(snapshot));
  const results = await Promise.all(
    cases.map(([, args]) => runCliProcess("experiment", ["smoke", ...args])),
  );
  results.forEach(({ code, stderr }, i) => {
    const [name, , pattern] = cases[i];
    // Concurrent starts may add Deno's own "waiting for file lock" notice.
    const own = ownStderr(stderr.replace(/^.*waiting for file lock.*\n/gm, ""));
    assertEquals(code, 2, `${name}: ${stderr}`);
    assertEquals(own.split("\n").length, 1, `${name}: ${own}`);
    assertMatch(own, pattern, name);
  });
  const after = await Promise.all([whole, truncated, otherVocab, unfinished].map(snapshot));
  assertEquals(after, before, "nothing was overwritten");
  await Deno.remove(root, { recursive: true });
});
