/**
 * `deno task sample`: exactly the requested characters on stdout, the same text for the same
 * seed, prose and C code alike; bad input exits 2 with one line on stderr.
 */
import { assert, assertEquals, assertMatch, assertNotEquals } from "@std/assert";
import { ownStderr, runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/summary.ts";

const out = await Deno.makeTempDir({ prefix: "rnnlab-sample-" });
await Deno.remove(out);
const runs = [{ "corpus.id": "sonnet-116" }, { "corpus.id": "sqlite-c" }];
const trained = await runCliProcess("experiment", [
  "smoke",
  "--out",
  out,
  ...["grid={}", `runs=${JSON.stringify(runs)}`, "training.steps=40", "training.evalInterval=20"]
    .flatMap((s) => ["--set", s]),
]);
assertEquals(trained.code, 0, trained.stderr);
const summary: ExperimentSummary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
const [prose, code] = summary.runs.map((r) => `${out}/${r.id}`);
const vocabOf = async (runDir: string) =>
  new Set(JSON.parse(await Deno.readTextFile(`${runDir}/checkpoint.json`)).task.vocab.chars);

Deno.test("--seed 1 --length 200 prints 200 characters, the same on rerun", async () => {
  const args = [prose, "--seed", "1", "--length", "200"];
  const [first, again, other] = await Promise.all([
    runCliProcess("sample", args),
    runCliProcess("sample", args),
    runCliProcess("sample", [prose, "--seed", "2", "--length", "200"]),
  ]);
  assertEquals(first.code, 0, first.stderr);
  assertEquals([...first.stdout].length, 200, JSON.stringify(first.stdout));
  assertEquals(again.stdout, first.stdout);
  assertNotEquals(other.stdout, first.stdout, "another seed gives another text");
  const vocab = await vocabOf(prose);
  assert([...first.stdout].every((c) => vocab.has(c)), "only characters of the vocabulary");
});

Deno.test("C code corpus, a prime, --best, --argmax, a checkpoint.json path", async () => {
  const [c, best, argmax, argmaxAgain] = await Promise.all([
    runCliProcess("sample", [
      code,
      "--prime",
      "static int ",
      "--length",
      "120",
      "--temperature",
      "0.5",
    ]),
    runCliProcess("sample", [prose, "--best", "--length", "50"]),
    runCliProcess("sample", [`${prose}/checkpoint.json`, "--argmax", "--length", "30"]),
    runCliProcess("sample", [prose, "--argmax", "--length", "30", "--seed", "9"]),
  ]);
  for (const r of [c, best, argmax]) assertEquals(r.code, 0, r.stderr);
  assertEquals([...c.stdout].length, 120);
  const vocab = await vocabOf(code);
  assert([...c.stdout].every((ch) => vocab.has(ch)));
  assert(vocab.has("{") && vocab.has(";"), "the C corpus's vocabulary has C punctuation");
  assertEquals([...best.stdout].length, 50);
  assertEquals(argmax.stdout, argmaxAgain.stdout, "argmax ignores the seed");
});

Deno.test("bad input: exit 2, one line on stderr, nothing on stdout", async () => {
  const broken = `${out}/broken`;
  await Deno.mkdir(broken);
  const manifest = JSON.parse(await Deno.readTextFile(`${prose}/checkpoint.json`));
  await Deno.copyFile(`${prose}/checkpoint.json`, `${broken}/checkpoint.json`);
  const blob = await Deno.readFile(`${prose}/${manifest.blob.file}`);
  await Deno.writeFile(`${broken}/${manifest.blob.file}`, blob.subarray(0, blob.length >> 1));
  const cases: [string[], RegExp][] = [
    [[prose, "--temperature", "0"], /--temperature: must be a number > 0/],
    [[prose, "--temperature", "-1"], /--temperature/],
    [[prose, "--length", "0"], /--length: must be a positive integer/],
    [[prose, "--length", "2.5"], /--length/],
    [[prose, "--lenght", "5"], /--lenght: unknown option/],
    [[`${out}/nope`], /not found/],
    [[out], /not a run; name one of its runs/],
    [[broken], /\.bin: is truncated or corrupt/],
    [[], /no run given/],
  ];
  const results = await Promise.all(cases.map(([args]) => runCliProcess("sample", args)));
  results.forEach(({ code, stdout, stderr }, i) => {
    // Concurrent starts may add Deno's own "waiting for file lock" notice.
    const own = ownStderr(stderr.replace(/^.*waiting for file lock.*\n/gm, ""));
    assertEquals(code, 2, `${cases[i][0].join(" ")}: ${stderr}`);
    assertEquals(own.split("\n").length, 1, own);
    assertMatch(own, cases[i][1]);
    assertEquals(stdout, "");
  });
  await Deno.remove(out, { recursive: true });
});
