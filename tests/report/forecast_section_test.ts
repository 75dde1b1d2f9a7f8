/** The forecast section renders outputs written before the statistical baselines, too. */
import { assert } from "@std/assert";
import { forecastSection } from "../../src/report/forecast_section.ts";

Deno.test("forecast section: an older summary (no statistical baselines) keeps the MAE verdict", () => {
  const summary = JSON.parse(
    Deno.readTextFileSync(
      new URL("../fixtures/report/forecast-out/summary.json", import.meta.url),
    ),
  );
  const md = forecastSection(summary);
  assert(md.includes("**rnn does not beat** the best baseline (seasonal-naive) on MAE."), md);
  assert(!md.includes("undefined"), md);
  assert(!md.includes("All "), "one series: no M4 aggregation");
});
