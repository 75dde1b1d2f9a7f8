/**
 * `report.html` and `charts/*.svg` of an output folder. The page is self-contained (inline SVG,
 * inline CSS, no scripts, no external URLs) so it opens offline by file://. Its text is
 * `report.md` rendered as simple HTML, with each `![..](charts/<id>.svg)` replaced by that chart
 * inline; without `report.md` the page is built from `summary.json`.
 * @module
 */
import { join } from "node:path";
import { type OutputFolder, readOutput, type SummaryRun } from "./read.ts";
import { CHARTS } from "./charts/registry.ts";
import { renderCharts, type RenderedChart } from "./charts/render.ts";
import { fmt, int } from "./_format.ts";

/** Path of a chart relative to the output folder, as `report.md` references it. */
export function chartPath(id: string): string {
  return `charts/${id}.svg`;
}

/**
 * Markdown lines that embed the charts in `report.md`, one image per line.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { chartsMarkdown } from "./html.ts";
 * const md = chartsMarkdown(["charts/loss.svg"]);
 * assert(md === "![Train and validation loss vs step](charts/loss.svg)\n");
 * ```
 */
export function chartsMarkdown(svgPaths: string[]): string {
  return svgPaths.map((path) => {
    const id = path.replace(/^.*\//, "").replace(/\.svg$/, "");
    const title = CHARTS.find((c) => c.id === id)?.title ?? id;
    return `![${title}](${path})\n`;
  }).join("");
}

/**
 * Render the folder's charts to `<outDir>/charts/<id>.svg`; returns their paths relative to
 * `outDir` (`charts/loss.svg`, …) in report order. A registry chart without data has its stale
 * file, if any, removed.
 */
export async function writeCharts(outDir: string, out?: OutputFolder): Promise<string[]> {
  const charts = await renderCharts(out ?? await readOutput(outDir));
  return await saveCharts(outDir, charts);
}

/**
 * Save rendered charts to `<outDir>/charts/<id>.svg` and remove the stale file of every registry
 * chart not among them; returns their paths relative to `outDir`, in report order.
 */
export async function saveCharts(outDir: string, charts: RenderedChart[]): Promise<string[]> {
  await Deno.mkdir(join(outDir, "charts"), { recursive: true });
  for (const chart of charts) {
    await Deno.writeTextFile(join(outDir, chartPath(chart.id)), chart.svg);
  }
  for (const chart of CHARTS) {
    if (charts.some((c) => c.id === chart.id)) continue;
    await Deno.remove(join(outDir, chartPath(chart.id))).catch(() => {});
  }
  return charts.map((c) => chartPath(c.id));
}

/** Write `<outDir>/report.html` from the folder (its `report.md` if present) and rendered charts. */
export async function writeReportHtml(
  outDir: string,
  out?: OutputFolder,
  charts?: RenderedChart[],
): Promise<string> {
  const folder = out ?? await readOutput(outDir);
  const rendered = charts ?? await renderCharts(folder);
  const path = join(outDir, "report.html");
  await Deno.writeTextFile(path, reportHtml(folder, rendered));
  return path;
}

/**
 * Write `<outDir>/charts/*.svg` and `<outDir>/report.html` from the folder alone; returns the SVG
 * paths relative to `outDir` (for {@link chartsMarkdown}). Needs `summary.json` and the run files;
 * call it after writing `report.md` so the page includes its text (charts appear either way).
 */
export async function writeReportAssets(outDir: string): Promise<string[]> {
  const folder = await readOutput(outDir);
  const charts = await renderCharts(folder);
  const paths = await saveCharts(outDir, charts);
  await writeReportHtml(outDir, folder, charts);
  return paths;
}

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  background: #fafafa; margin: 0; }
main { max-width: 1360px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 12px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; display: block;
  overflow-x: auto; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f2f2f2;
  padding: 1px 4px; border-radius: 3px; }
pre { background: #f6f6f6; border: 1px solid #e4e4e4; padding: 8px 12px; overflow-x: auto;
  white-space: pre-wrap; }
pre code { background: none; padding: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr));
  gap: 16px; align-items: start; }
figure.chart { margin: 0; border: 1px solid #e4e4e4; padding: 8px; background: #fff; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 12px; color: #555; margin-top: 4px; }
.meta { color: #555; font-size: 13px; }
`;

/** The whole self-contained page. */
export function reportHtml(out: OutputFolder, charts: RenderedChart[]): string {
  const title = `rnnlab report: ${out.summary.experiment}`;
  const used = new Set<string>();
  const body = out.reportMarkdown !== null
    ? markdownToHtml(out.reportMarkdown, charts, used)
    : summaryHtml(out);
  const rest = charts.filter((c) => !used.has(c.id));
  const restHtml = rest.length === 0
    ? ""
    : `<h2 id="more-charts">${used.size ? "More charts" : "Charts"}</h2>\n` +
      `<div class="charts">\n${rest.map(figure).join("\n")}\n</div>\n`;
  // With report.md the leftover charts go before its samples section; else at the end.
  const samplesAt = body.search(/<h2[^>]*>Samples/);
  const main = samplesAt >= 0
    ? body.slice(0, samplesAt) + restHtml + body.slice(samplesAt)
    : body + restHtml;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

/** One chart as an HTML figure; element ids inside its SVG are prefixed so charts cannot clash. */
function figure(chart: RenderedChart): string {
  const prefix = `${chart.id}-`;
  const svg = chart.svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`)
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(chart.title)}" `);
  return `<figure class="chart" id="chart-${chart.id}" data-chart="${chart.id}">\n${svg}\n` +
    `<figcaption>${escapeHtml(chart.title)}</figcaption>\n</figure>`;
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The page body from `summary.json` alone (no `report.md`): run table, samples. */
function summaryHtml(out: OutputFolder): string {
  const s = out.summary;
  const columns: [string, (r: SummaryRun) => string, boolean][] = [
    ["run", (r) => r.id, false],
    ["cell", (r) => String(r.cell ?? "–"), false],
    ["hidden", (r) => int(r.hidden), true],
    ["params", (r) => int(r.params), true],
    ["status", (r) => String(r.status ?? "–"), false],
    ["steps", (r) => int(r.steps), true],
    ["val loss", (r) => fmt(r.valLoss), true],
    ["val bpc", (r) => fmt(r.valBpc), true],
    ["val ppl", (r) => fmt(r.valPpl, 2), true],
    ["train loss", (r) => fmt(r.trainLoss), true],
    ["chars/s", (r) => int(r.charsPerSec), true],
    [
      "clip rate",
      (r) => typeof r.clipRate === "number" ? `${(r.clipRate * 100).toFixed(0)}%` : "–",
      true,
    ],
  ];
  const cls = (isNum: boolean) => isNum ? ` class="num"` : "";
  const table = `<table>\n<thead><tr>${
    columns.map(([h, , n]) => `<th${cls(n)}>${h}</th>`).join("")
  }</tr></thead>\n<tbody>\n${
    s.runs.map((r) =>
      `<tr>${columns.map(([, f, n]) => `<td${cls(n)}>${escapeHtml(f(r))}</td>`).join("")}</tr>`
    ).join("\n")
  }\n</tbody>\n</table>\n`;
  const samples = s.runs.filter((r) => r.samples?.length).map((r) =>
    `<h3>${escapeHtml(r.id)}</h3>\n` +
    r.samples!.map((x) =>
      `<p><strong>step ${x.step}</strong></p>\n<pre><code>${escapeHtml(x.text)}</code></pre>`
    ).join("\n")
  ).join("\n");
  return [
    `<h1>${escapeHtml(s.experiment)}</h1>`,
    s.description ? `<p>${escapeHtml(s.description)}</p>` : "",
    `<p class="meta">${s.quick ? "quick profile; " : ""}written ${
      escapeHtml(String(s.createdAt ?? "–"))
    }</p>`,
    `<h2 id="runs">Runs</h2>`,
    table,
    samples ? `<h2 id="samples">Samples</h2>\n${samples}` : "",
  ].filter((x) => x !== "").join("\n") + "\n";
}

/**
 * Render the Markdown subset `report.md` uses (headings, paragraphs, lists, pipe tables, fenced
 * code, emphasis, code spans, links, images) as HTML. Images of known charts become the inline
 * chart (their ids are added to `used`); other images become their alt text, external links
 * plain text, so the page never loads anything.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { markdownToHtml } from "./html.ts";
 * const html = markdownToHtml("# T\n\n| a | b |\n|---|--:|\n| x | 1 |\n", [], new Set());
 * assert(html.includes("<h1") && html.includes('<td class="num">1</td>'));
 * ```
 */
export function markdownToHtml(
  markdown: string,
  charts: RenderedChart[],
  used: Set<string>,
): string {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const html: string[] = [];
  const inline = (text: string) => inlineHtml(text, charts, used);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = line.match(/^\s*(```+|~~~+)/);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) code.push(lines[i++]);
      i++;
      html.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      const level = heading[1].length;
      const id = heading[2].toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      html.push(`<h${level} id="${id}">${inline(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    if (isTableRow(line) && i + 1 < lines.length && isTableSeparator(lines[i + 1])) {
      const header = tableCells(line);
      const align = tableCells(lines[i + 1]).map((c) => /-:\s*$/.test(c));
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && isTableRow(lines[i])) rows.push(tableCells(lines[i++]));
      const cls = (j: number) => align[j] ? ` class="num"` : "";
      html.push(
        `<table>\n<thead><tr>${
          header.map((h, j) => `<th${cls(j)}>${inline(h)}</th>`).join("")
        }</tr></thead>\n<tbody>\n${
          rows.map((r) => `<tr>${r.map((c, j) => `<td${cls(j)}>${inline(c)}</td>`).join("")}</tr>`)
            .join("\n")
        }\n</tbody>\n</table>`,
      );
      continue;
    }
    const item = line.match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
    if (item) {
      const ordered = /\d/.test(item[1]);
      const items: string[] = [];
      while (i < lines.length) {
        const m = lines[i].match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
        if (m) items.push(m[2]);
        else if (/^\s+\S/.test(lines[i]) && items.length) items[items.length - 1] += " " + lines[i];
        else break;
        i++;
      }
      const tag = ordered ? "ol" : "ul";
      html.push(
        `<${tag}>\n${items.map((t) => `<li>${inline(t.trim())}</li>`).join("\n")}\n</${tag}>`,
      );
      continue;
    }
    if (line.startsWith(">")) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].startsWith(">")) {
        quoted.push(lines[i++].replace(/^>\s?/, ""));
      }
      html.push(`<blockquote><p>${inline(quoted.join(" "))}</p></blockquote>`);
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length && lines[i].trim() !== "" &&
      !/^(#{1,6}\s|\s*(```|~~~)|>|\s*([-*+]|\d+[.)])\s)/.test(lines[i]) &&
      !(isTableRow(lines[i]) && i + 1 < lines.length && isTableSeparator(lines[i + 1]))
    ) paragraph.push(lines[i++].trim());
    const text = paragraph.join(" ");
    if (/^(\s*!\[[^\]]*\]\([^)]*\)\s*)+$/.test(text)) {
      // A paragraph of images only (the charts section): lay them out as a grid.
      html.push(`<div class="charts">\n${inline(text)}\n</div>`);
    } else html.push(`<p>${inline(text)}</p>`);
  }
  return html.join("\n") + "\n";
}

function isTableRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

function isTableSeparator(line: string): boolean {
  return /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(line);
}

function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

function inlineHtml(text: string, charts: RenderedChart[], used: Set<string>): string {
  // Code spans first, so nothing inside them is interpreted.
  const codes: string[] = [];
  let s = text.replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`);
    return `\uE000${codes.length - 1}\uE000`;
  });
  const figures: string[] = [];
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_, alt: string, src: string) => {
    const id = src.match(/(?:^|\/)charts\/([^/]+)\.svg$/)?.[1];
    const chart = charts.find((c) => c.id === id);
    if (chart) {
      used.add(chart.id);
      figures.push(figure(chart));
    } else figures.push(`<em>[image: ${escapeHtml(alt || src)}]</em>`);
    return `\uE001${figures.length - 1}\uE001`;
  });
  s = escapeHtml(s);
  s = s.replace(
    /\[([^\]]+)\]\(([^)\s]+)\)/g,
    (_, label: string, href: string) =>
      /^[a-z][a-z0-9+.-]*:/i.test(href) ? `${label} (${href})` : `<a href="${href}">${label}</a>`,
  );
  s = s.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
  s = s.replace(/(^|[^\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)/g, "$1<em>$2</em>");
  s = s.replace(/(^|[^\w])_(?!\s)(.+?)(?<!\s)_(?!\w)/g, "$1<em>$2</em>");
  s = s.replace(/\uE001(\d+)\uE001/g, (_, n: string) => figures[Number(n)]);
  return s.replace(/\uE000(\d+)\uE000/g, (_, n: string) => codes[Number(n)]);
}
