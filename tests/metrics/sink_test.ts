import { assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { METRIC_COLUMNS, RunSink } from "../../src/metrics/sink.ts";

Deno.test("RunSink writes the CSV header once and appends rows and events at each flush", () => {
  const dir = Deno.makeTempDirSync();
  const sink = new RunSink(dir);
  sink.metric({ step: 1, trainLoss: 4.2, clipped: true });
  sink.event({ type: "eval", step: 1, valLoss: 4 });
  sink.flush();
  sink.metric({ step: 2, trainLoss: 4.1, valLoss: 3.9, clipped: false });
  sink.flush();
  sink.sample(2, "abc", 0.5);
  const rows = parse(Deno.readTextFileSync(`${dir}/metrics.csv`), { skipFirstRow: true }) as Record<
    string,
    string
  >[];
  assertEquals(
    Deno.readTextFileSync(`${dir}/metrics.csv`).split(/\r?\n/)[0],
    METRIC_COLUMNS.join(","),
  );
  assertEquals(rows.map((r) => [r.step, r.trainLoss, r.clipped, r.valLoss]), [
    ["1", "4.2", "1", ""],
    ["2", "4.1", "0", "3.9"],
  ]);
  const events = Deno.readTextFileSync(`${dir}/events.jsonl`).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  assertEquals(events, [{ type: "eval", step: 1, valLoss: 4 }]);
  assertEquals(Deno.readTextFileSync(`${dir}/samples.md`).includes("abc"), true);
  Deno.removeSync(dir, { recursive: true });
});
