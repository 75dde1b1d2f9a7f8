/**
 * Reading vega's SVG output back in tests: the items of a named mark, their aria labels (which
 * carry the datum) and, for lines, the number of vertices.
 * @module
 */

/** One rendered mark item. */
export interface MarkItem {
  /** vega's aria-label, e.g. "step: 10; loss: 3.2; run: lstm" (empty for unlabelled items). */
  label: string;
  /** The path data (lines, symbols) or the text (text marks). */
  d: string;
  text: string;
}

function attr(tag: string, name: string): string {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? "";
}

/** Items of the mark named `name` (vega-lite layer `name` + "_marks") of type `type`. */
export function markItems(svg: string, type: string, name: string): MarkItem[] {
  const open = new RegExp(`<g class="mark-${type} role-mark ${name}_marks"[^>]*>`, "g");
  const items: MarkItem[] = [];
  for (const m of svg.matchAll(open)) {
    const rest = svg.slice(m.index! + m[0].length);
    const body = rest.slice(0, rest.indexOf("</g>"));
    for (const el of body.matchAll(/<(path|line|text)\b([^>]*?)(\/>|>([^<]*)<\/text>)/g)) {
      if (attr(el[0], "class") === "foreground") continue;
      items.push({ label: attr(el[0], "aria-label"), d: attr(el[0], "d"), text: el[4] ?? "" });
    }
  }
  return items;
}

/** The vertex count of a line path (its M and L commands). */
export function vertices(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

/** The value of `field` in an aria label ("step: 10; run: lstm" → "lstm" for "run"). */
export function labelField(label: string, field: string): string | undefined {
  return label.split("; ").map((p) => p.split(": ")).find(([k]) => k === field)?.[1];
}

/** Legend entry labels, in order. */
export function legendLabels(svg: string): string[] {
  return [
    ...svg.matchAll(/<g class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g),
  ]
    .map((m) => m[1]);
}
