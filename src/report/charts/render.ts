/**
 * Render charts to SVG headlessly: vega-lite compiles a spec to vega, vega renders SVG without a
 * canvas or fonts.
 * @module
 */
import * as vl from "vega-lite";
import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";
import type { Chart } from "./chart.ts";
import { CHARTS } from "./registry.ts";

/** A chart rendered for one output folder. */
export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
}

/**
 * Compile a vega-lite spec and render it to an SVG string.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { renderSvg } from "./render.ts";
 * const svg = await renderSvg({
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * assert(svg.startsWith("<svg"));
 * ```
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render every chart whose data the folder has, in registry order. */
export async function renderCharts(
  out: OutputFolder,
  charts: readonly Chart[] = CHARTS,
): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of charts) {
    const spec = chart.build(out);
    if (spec === null) continue;
    rendered.push({ id: chart.id, title: chart.title, svg: await renderSvg(spec) });
  }
  return rendered;
}
