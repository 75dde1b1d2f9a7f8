/**
 * Every bad input to `deno task experiment` → exit 2, exactly one line on stderr that names the
 * file/key and the fix, and an earlier output folder left untouched.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { ownStderr, runCliProcess } from "../_cli.ts";

const dir = await Deno.makeTempDir({ prefix: "rnnlab-bad-input-" });
const earlier = `${dir}/earlier`;
Deno.mkdirSync(earlier);
Deno.writeTextFileSync(`${earlier}/summary.json`, '{"keep": true}\n');
const snapshot = () =>
  [...Deno.readDirSync(earlier)].map((e) => {
    const path = `${earlier}/${e.name}`;
    return `${e.name}:${Deno.statSync(path).mtime?.getTime()}:${Deno.readTextFileSync(path)}`;
  }).sort().join("\n");
const before = snapshot();

/** A small valid experiment file with `patch` merged in at the top level. */
function experiment(name: string, patch: Record<string, unknown>, raw?: string): string {
  const path = `${dir}/${name}.jsonc`;
  const base = {
    name,
    corpus: { id: "sonnet-116", split: [0.7, 0.15, 0.15] },
    model: { hidden: 8, embedding: 4 },
    training: { batch: 2, seqLen: 8, steps: 2, evalInterval: 1 },
  };
  Deno.writeTextFileSync(path, raw ?? JSON.stringify({ ...base, ...patch }));
  return path;
}
const write = (name: string, data: string | Uint8Array) => {
  const path = `${dir}/${name}`;
  if (typeof data === "string") Deno.writeTextFileSync(path, data);
  else Deno.writeFileSync(path, data);
  return path;
};
Deno.writeTextFileSync(`${dir}/a-file`, "x");
Deno.mkdirSync(`${dir}/no-summary`);

const FIXTURES = new URL("../fixtures/series/", import.meta.url).pathname;
/** A forecast experiment on a fixture CSV with `series` patched in. */
function forecast(name: string, csv: string, series: Record<string, unknown> = {}): string {
  const path = `${dir}/${name}.jsonc`;
  Deno.writeTextFileSync(
    path,
    JSON.stringify({
      name,
      task: "forecast",
      series: {
        path: `${FIXTURES}${csv}`,
        dateColumn: "date",
        valueColumns: ["temp"],
        target: "temp",
        ...series,
      },
      forecast: { lookback: 2, horizon: 1 },
      model: { hidden: 4 },
      training: { batch: 2, steps: 1 },
    }),
  );
  return path;
}

/** The experiment file at `path` with `patch` applied to its JSON; returns the path. */
function patched(path: string, patch: (config: Record<string, unknown>) => void): string {
  const config = JSON.parse(Deno.readTextFileSync(path));
  patch(config);
  Deno.writeTextFileSync(path, JSON.stringify(config));
  return path;
}

/** A shared library every glibc Linux has, without `cblas_sgemm`. */
const NOT_A_BLAS = [`/lib/${Deno.build.arch}-linux-gnu/libm.so.6`, "/lib64/libm.so.6"].find((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
}) ?? "/lib/libm.so.6";

/** One bad input: the command (`experiment` unless `entry` says), its arguments, the message. */
const CASES: {
  name: string;
  entry?: string;
  args: string[];
  env?: Record<string, string>;
  expect: RegExp;
}[] = [
  {
    name: "unknown experiment lists the available ones",
    args: ["no-such-exp"],
    expect: /lstm-vs-rnn/,
  },
  {
    name: "misspelled key suggests the nearest",
    args: [experiment("typo", { model: { hiden: 8 } })],
    expect: /model\.hiden.*model\.hidden/,
  },
  {
    name: "forgetBias not a finite number",
    args: [experiment("forget-bias", {}), "--set", "model.forgetBias=1e999"],
    expect: /^error: .*model\.forgetBias .*expected a finite number, got Infinity/,
  },
  {
    name: "negative n-gram order",
    args: [experiment("ngram-negative", { baselines: { ngram: { order: -1 } } })],
    expect: /^error: .*baselines\.ngram\.order/,
  },
  {
    name: "n-gram order not an integer",
    args: ["smoke", "--set", "baselines.ngram.order=2.5"],
    expect: /^error: .*baselines\.ngram\.order/,
  },
  {
    name: "unknown evaluation checkpoint",
    args: ["smoke", "--set", "evaluation.checkpoint=first"],
    expect: /^error: .*evaluation\.checkpoint.*"best", "last"/,
  },
  {
    name: "Adam epsilon not positive",
    args: ["smoke", "--set", "training.adam.epsilon=0"],
    expect: /^error: .*training\.adam\.epsilon/,
  },
  {
    name: "unknown init scheme lists the known ones",
    args: [experiment("init-scheme", { model: { hidden: 8, init: { scheme: "he" } } })],
    expect: /^error: .*model\.init\.scheme: .*"uniform", "xavier-orthogonal"/,
  },
  {
    name: "unknown embedding init lists the known ones",
    args: [experiment("init-embedding", { model: { hidden: 8, init: { embedding: "xavier" } } })],
    expect: /^error: .*model\.init\.embedding: .*"normal", "irwin-hall"/,
  },
  {
    name: "wrong type",
    args: [experiment("type", { training: { steps: "many" } })],
    expect: /training\.steps/,
  },
  {
    name: "out of range",
    args: [experiment("range", { model: { dropout: 1.5 } })],
    expect: /model\.dropout/,
  },
  {
    name: "unknown corpus id",
    args: [experiment("corpus", { corpus: { id: "moby-dik" } })],
    expect: /corpus\.id.*moby-dick/,
  },
  {
    name: "missing corpus file",
    args: [experiment("missing", { corpus: { path: `${dir}/nope.txt` } })],
    expect: /corpus\.path.*nope\.txt/,
  },
  {
    name: "empty corpus file",
    args: [experiment("empty", { corpus: { path: write("empty.txt", "") } })],
    expect: /corpus\.path.*empty/,
  },
  {
    name: "non-UTF-8 corpus file",
    args: [
      experiment("latin1", {
        corpus: { path: write("latin1.txt", Uint8Array.of(0x63, 0xe9, 0x74)) },
      }),
    ],
    expect: /corpus\.path.*UTF-8/,
  },
  {
    name: "corpus too small for batch × seqLen says the minimum",
    args: [experiment("small", { training: { batch: 32, seqLen: 64 } })],
    expect: /corpus.*2080.*training\.batch/,
  },
  {
    name: "JSONC syntax error",
    args: [experiment("syntax", {}, '{ "name": "syntax", "model": { "hidden": 8 ')],
    expect: /syntax\.jsonc/,
  },
  {
    name: "--set without =",
    args: ["smoke", "--set", "model.hidden"],
    expect: /^error: --set model\.hidden: missing '='; write --set key\.path=value/,
  },
  {
    name: "--set unknown path",
    args: ["smoke", "--set", "model.hiden=3"],
    expect: /model\.hidden/,
  },
  { name: "--set bad value", args: ["smoke", "--set", "model.hidden=-3"], expect: /model\.hidden/ },
  { name: "unknown option", args: ["smoke", "--quik"], expect: /--quik/ },
  { name: "no experiment", args: [], expect: /usage/ },
  { name: "non-empty --out", args: ["smoke", "--out", earlier], expect: /--out.*not empty/ },
  { name: "--jobs 0", args: ["smoke", "--jobs", "0"], expect: /--jobs 0.*whole number/ },
  { name: "--shard index ≥ n", args: ["smoke", "--shard", "2/2"], expect: /--shard 2\/2/ },
  {
    name: "--shard with --shards",
    args: ["smoke", "--shard", "0/2", "--shards", "2"],
    expect: /--shard.*--shards/,
  },
  {
    name: "--shards without a scheduler's variables",
    args: ["smoke", "--shards", "2"],
    expect: /--shards 2.*JOB_COMPLETION_INDEX/,
  },
  {
    name: "JOB_COMPLETION_INDEX ≥ --shards",
    args: ["smoke", "--shards", "2"],
    env: { JOB_COMPLETION_INDEX: "2" },
    expect: /JOB_COMPLETION_INDEX=2/,
  },
  {
    name: "SLURM_ARRAY_TASK_COUNT ≠ --shards",
    args: ["smoke", "--shards", "2"],
    env: { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_MIN: "4", SLURM_ARRAY_TASK_COUNT: "3" },
    expect: /SLURM_ARRAY_TASK_COUNT/,
  },
  { name: "lecture --shard", args: ["lecture", "--shard", "0/2"], expect: /lecture.*shard/ },
  {
    name: "report: a folder without summary.json",
    entry: "report",
    args: [`${dir}/no-summary`],
    expect: /summary\.json: does not exist/,
  },
  {
    name: "unwritable --out",
    args: ["smoke", "--out", `${dir}/a-file/sub`],
    expect: /--out .*a-file\/sub: is a file, not a directory/,
  },
  {
    name: "RNNLAB_BLAS naming a missing file",
    args: ["smoke"],
    env: { RNNLAB_BLAS: `${dir}/no-such-libopenblas.so` },
    expect: /^error: RNNLAB_BLAS: no file at .*no-such-libopenblas\.so; /,
  },
  {
    name: "RNNLAB_BLAS naming a library without cblas_sgemm",
    args: ["smoke"],
    env: { RNNLAB_BLAS: NOT_A_BLAS },
    expect: /^error: RNNLAB_BLAS: .*libm.* has no cblas_sgemm; /,
  },
  {
    name: "RNNLAB_BLAS naming a file that is no library",
    args: ["smoke"],
    env: { RNNLAB_BLAS: `${dir}/a-file` },
    expect: /^error: RNNLAB_BLAS: .*a-file cannot be loaded/,
  },
  {
    name: "products blas with RNNLAB_BLAS=none",
    args: ["smoke", "--set", "products=blas"],
    env: { RNNLAB_BLAS: "none" },
    expect: /^error: products: "blas" asked for, but RNNLAB_BLAS=none; /,
  },
  {
    name: "forecast: missing column",
    args: [
      forecast("fc-column", "daily.csv", { valueColumns: ["temperature"], target: "temperature" }),
    ],
    expect: /temperature/,
  },
  {
    name: "forecast: non-numeric cell",
    args: [forecast("fc-text", "non_numeric.csv")],
    expect: /warm/,
  },
  {
    name: "forecast: NaN or empty cell names the row",
    args: [forecast("fc-nan", "nan.csv")],
    expect: /nan\.csv: line 3: column "temp" is missing \(empty\/NaN\); fill it in/,
  },
  {
    name: "forecast: unsorted dates",
    args: [forecast("fc-unsorted", "unsorted.csv")],
    expect:
      /unsorted\.csv: line 4: time 2020-01-02 comes before the previous row's 2020-01-03; sort/,
  },
  {
    name: "forecast: duplicate dates",
    args: [forecast("fc-dup", "duplicate.csv")],
    expect: /duplicate/i,
  },
  {
    name: "forecast: series too short",
    args: [forecast("fc-short", "daily.csv", {})],
    expect: /6 points are too few for lookback 2 \+ horizon 1 .*need at least 3\/1\/1/,
  },
  {
    name: "forecast: unknown dateFormat",
    args: [forecast("fc-date-format", "daily.csv", { dateFormat: "YYYY-MM-DD" })],
    expect: /series\.dateFormat: "YYYY-MM-DD" is not a date format/,
  },
  {
    name: "forecast: a long-format series shorter than one window",
    args: [
      forecast("fc-long-short", "long_short.csv", {
        seriesColumn: "symbol",
        valueColumns: ["price"],
        target: "price",
      }),
    ],
    expect: /series "[^"]*long_short\.csv:B".*4 points are too few/,
  },
  {
    name: "forecast: missing series id column",
    args: [
      forecast("fc-long-column", "long_short.csv", {
        seriesColumn: "series_id",
        valueColumns: ["price"],
        target: "price",
      }),
    ],
    expect: /series\.seriesColumn: column "series_id" is not in the header/,
  },
  {
    name: "forecast: ensemble mean without a seed axis",
    args: [patched(forecast("fc-ensemble", "daily.csv"), (c) => {
      c.forecast = { ...c.forecast as object, ensemble: "mean" };
      c.grid = { "model.cell": ["rnn", "gru"] };
    })],
    expect:
      /fc-ensemble\.jsonc: forecast\.ensemble: is "mean", but run rnn has no seed group .*"training\.seed": \[1, 2, 3\]/,
  },
];

for (const c of CASES) {
  Deno.test(`bad input: ${c.name} → exit 2, one line`, async () => {
    const { code, stderr, stdout } = await runCliProcess(c.entry ?? "experiment", c.args, {
      env: c.env,
    });
    const lines = ownStderr(stderr).split("\n");
    assertEquals(code, 2, `stderr: ${stderr}\nstdout: ${stdout}`);
    assertEquals(lines.length, 1, `expected one stderr line, got:\n${lines.join("\n")}`);
    assertMatch(lines[0], c.expect);
    assertMatch(lines[0], /^error: .+: .+; .+/, "names where, what is wrong; then how to fix");
    assertEquals(snapshot(), before, "the earlier output folder is untouched");
  });
}

Deno.test({
  name: "bad input: cleanup",
  fn: () => {
    assert(snapshot() === before);
    Deno.removeSync(dir, { recursive: true });
  },
});
