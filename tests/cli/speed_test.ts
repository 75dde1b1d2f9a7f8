import { assertEquals, assertStringIncludes } from "@std/assert";
import { ownStderr, runCliProcess } from "../_cli.ts";

const SPEED = new URL("../../src/cli/speed.ts", import.meta.url).pathname;

async function speed(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SPEED, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

const TINY = ["--hidden", "8", "--batch", "4", "--seq", "5", "--steps", "2", "--warmup", "1"];

Deno.test("speed prints exactly one JSON line with the documented keys, each cell", async () => {
  for (const cell of ["rnn", "lstm", "gru"]) {
    const { code, stdout } = await speed(
      "--cell",
      cell,
      ...TINY,
      "--vocab",
      "7",
      "--embedding",
      "3",
    );
    assertEquals(code, 0);
    const lines = stdout.trim().split("\n");
    assertEquals(lines.length, 1, stdout);
    const result = JSON.parse(lines[0]);
    assertEquals(Object.keys(result), [
      "cell",
      "hidden",
      "batch",
      "seq",
      "backend",
      "msPerStep",
      "cpuMsPerStep",
      "charsPerSec",
      "peakRssMiB",
      "runtime",
    ]);
    assertEquals([result.cell, result.hidden, result.batch, result.seq], [cell, 8, 4, 5]);
    assertEquals(result.backend, "wasm");
    assertEquals(result.runtime.products === "blas", result.runtime.blas !== null);
    for (const key of ["msPerStep", "cpuMsPerStep", "charsPerSec", "peakRssMiB"]) {
      assertEquals(result[key] > 0, true, `${key} = ${result[key]}`);
    }
  }
});

Deno.test("speed runs the reference on cpu and the fused cells with a helper worker", async () => {
  const cpu = await speed("--cell", "gru", ...TINY, "--backend", "cpu", "--impl", "reference");
  assertEquals([cpu.code, JSON.parse(cpu.stdout).backend], [0, "cpu"]);
  const worker = await speed("--cell", "lstm", ...TINY, "--workers", "1", "--layers", "2");
  assertEquals(worker.code, 0, worker.stderr);
});

Deno.test("speed --products wasm records no BLAS; RNNLAB_BLAS=none with --products blas is exit 2", async () => {
  const wasm = await speed("--cell", "rnn", ...TINY, "--products", "wasm");
  assertEquals(JSON.parse(wasm.stdout).runtime, { products: "wasm", blas: null });
  const none = await runCliProcess("speed", ["--cell", "rnn", ...TINY, "--products", "blas"], {
    env: { RNNLAB_BLAS: "none" },
  });
  assertEquals(none.code, 2);
  assertEquals(ownStderr(none.stderr).split("\n").length, 1, none.stderr);
});

Deno.test("speed rejects bad input with one line on stderr and exit code 2", async () => {
  for (
    const args of [["--cell", "tree"], ["--hidden", "0"], ["--steps", "x"], ["--frobnicate", "1"]]
  ) {
    const { code, stdout, stderr } = await speed(...args);
    assertEquals(code, 2, args.join(" "));
    assertEquals(stdout, "");
    assertStringIncludes(stderr, "error: speed");
  }
});
