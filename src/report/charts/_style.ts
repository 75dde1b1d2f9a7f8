/**
 * Shared look of every chart: size, fonts, white background, and the run colour scale whose
 * domain is the run ids in `summary.json` order (so legends list runs as the summary does).
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** Width and height of one chart panel in pixels. */
export const PANEL = { width: 460, height: 250 } as const;

/** The top-level properties every chart shares; a subtitle array is one line per item. */
export function baseSpec(title: string, subtitle?: string | string[]): Partial<TopLevelSpec> {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: subtitle?.length ? { text: title, subtitle } : title,
    background: "white",
    padding: 8,
    config: {
      font: "sans-serif",
      title: { fontSize: 14, anchor: "start", subtitleFontSize: 11, subtitleColor: "#555" },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, symbolOpacity: 1 },
    },
  };
}

/** Colour encoding by run id, in summary order. */
export function runColor(runIds: string[], title = "run") {
  return {
    field: "run",
    type: "nominal" as const,
    title,
    scale: { domain: runIds },
    sort: runIds,
  };
}

/** True when every value is a finite number above zero, i.e. a log scale can show them all. */
export function allPositive(values: number[]): boolean {
  return values.length > 0 && values.every((v) => Number.isFinite(v) && v > 0);
}

/** Keep at most `max` evenly spaced items, always keeping the last (long runs stay readable). */
export function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const stride = Math.ceil(items.length / max);
  const kept = items.filter((_, i) => i % stride === 0);
  if (kept[kept.length - 1] !== items[items.length - 1]) kept.push(items[items.length - 1]);
  return kept;
}

/** Finite number or null. */
export function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
