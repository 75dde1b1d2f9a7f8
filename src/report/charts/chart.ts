/**
 * The chart seam: a chart is an id (its file name, `charts/<id>.svg`), a title, and a function
 * from an output folder to a vega-lite spec, or null when the folder lacks that chart's data.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";

/** One chart kind. Adding a chart is one file exporting a `Chart` plus one line in the registry. */
export interface Chart {
  /** File stem: the chart is written to `charts/<id>.svg`. */
  readonly id: string;
  /** Human title, used as alt text and figure caption. */
  readonly title: string;
  /** The vega-lite spec for this output folder, or null when its data is absent. */
  build(out: OutputFolder): TopLevelSpec | null;
}
