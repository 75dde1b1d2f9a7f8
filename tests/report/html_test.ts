import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  chartsMarkdown,
  markdownToHtml,
  writeCharts,
  writeReportAssets,
} from "../../src/report/html.ts";
import { readOutput } from "../../src/report/read.ts";
import { CHARTS } from "../../src/report/charts/mod.ts";
import { fixtureCopy, runScript } from "./_fixture.ts";

/** Everything in the page that would make the browser fetch something. */
function externalReferences(html: string): string[] {
  const withoutNamespaces = html.replace(/xmlns(:\w+)?="[^"]*"/g, "");
  return [
    ...withoutNamespaces.matchAll(
      /\b(src|href)="(?!#)[^"]*"|<link\b|<script\b|@import|url\((?!#)/g,
    ),
    ...withoutNamespaces.matchAll(/https?:\/\//g),
  ].map((m) => m[0]);
}

Deno.test("writeReportAssets writes every chart and a self-contained report.html", async () => {
  const { dir, root } = await fixtureCopy();
  try {
    const paths = await writeReportAssets(dir);
    assertEquals(paths, CHARTS.map((c) => `charts/${c.id}.svg`));
    for (const p of paths) assert((await Deno.readTextFile(`${dir}/${p}`)).startsWith("<svg"));
    const html = await Deno.readTextFile(`${dir}/report.html`);
    assertEquals((html.match(/<svg\b/g) ?? []).length, CHARTS.length, "each chart once, inline");
    assertEquals(externalReferences(html), []);
    assertStringIncludes(html, "<style>");
    // report.md's text, tables and samples are there, charts where report.md references them.
    assertStringIncludes(html, '<h1 id="lstm-vs-rnn">lstm-vs-rnn</h1>');
    assertStringIncludes(html, "<td>lstm</td>");
    assertStringIncludes(html, "The lstm whale said: &quot;Call me Ishmael,&quot; and the sea");
    assert(html.indexOf('data-chart="loss"') < html.indexOf("Samples by training stage"));
    // Rebuilding from the folder alone gives the same page.
    await writeReportAssets(dir);
    assertEquals(await Deno.readTextFile(`${dir}/report.html`), html);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("without report.md the page is built from summary.json", async () => {
  const { dir, root } = await fixtureCopy();
  try {
    await Deno.remove(`${dir}/report.md`);
    await writeReportAssets(dir);
    const html = await Deno.readTextFile(`${dir}/report.html`);
    assertStringIncludes(html, '<h2 id="runs">Runs</h2>');
    for (const id of ["rnn", "lstm", "gru"]) assertStringIncludes(html, `<td>${id}</td>`);
    assertStringIncludes(html, "3.361"); // lstm val bpc
    assertStringIncludes(html, "Call me Ishmael");
    assertEquals((html.match(/<svg\b/g) ?? []).length, CHARTS.length);
    assertEquals(externalReferences(html), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("writeCharts removes a stale chart whose data is gone", async () => {
  const { dir, root } = await fixtureCopy();
  try {
    await writeCharts(dir);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    delete summary.tasks;
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const paths = await writeCharts(dir, await readOutput(dir));
    assert(!paths.includes("charts/long-memory.svg"));
    assertEquals(await Deno.stat(`${dir}/charts/long-memory.svg`).catch(() => null), null);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("chartsMarkdown: one image line per chart with its title", () => {
  assertEquals(
    chartsMarkdown(["charts/loss.svg", "charts/grad-norm.svg"]),
    "![Train and validation loss vs step](charts/loss.svg)\n" +
      "![Gradient global norm vs step](charts/grad-norm.svg)\n",
  );
});

Deno.test("markdownToHtml: the subset report.md uses, escaped, nothing external", () => {
  const md = [
    "# Title <x>",
    "",
    "Some **bold** and `code <b>` and a [link](other.md) and [ext](https://example.com).",
    "",
    "| run | bpc |",
    "| --- | --: |",
    "| a | 1.5 |",
    "",
    "A paragraph line",
    "- one",
    "- two",
    "",
    "```text",
    "<raw> & text",
    "```",
    "",
    "![missing](pic.png)",
  ].join("\n");
  const html = markdownToHtml(md, [], new Set());
  assertStringIncludes(html, '<h1 id="title-x">Title &lt;x&gt;</h1>');
  assertStringIncludes(html, "<strong>bold</strong>");
  assertStringIncludes(html, "<code>code &lt;b&gt;</code>");
  assertStringIncludes(html, '<a href="other.md">link</a>');
  assertStringIncludes(html, "ext (https://example.com)");
  assertStringIncludes(html, '<th class="num">bpc</th>');
  assertStringIncludes(html, '<td class="num">1.5</td>');
  assertStringIncludes(html, "<p>A paragraph line</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
  assertStringIncludes(html, "<pre><code>&lt;raw&gt; &amp; text</code></pre>");
  assertStringIncludes(html, "<em>[image: missing]</em>");
});

Deno.test("deno task report <dir> rebuilds report.md, charts and html; bad folder exits 2", async () => {
  const { dir, root } = await fixtureCopy();
  try {
    await Deno.remove(`${dir}/report.md`);
    const ok = await runScript("src/cli/report.ts", [dir]);
    assertEquals(ok.code, 0, ok.stderr);
    assertStringIncludes(ok.stdout, "report.html");
    assert((await Deno.stat(`${dir}/report.html`)).isFile);
    assert((await Deno.readTextFile(`${dir}/report.md`)).startsWith("# lstm-vs-rnn\n"));
    const bad = await runScript("src/cli/report.ts", [`${root}/nowhere`]);
    assertEquals(bad.code, 2);
    assertStringIncludes(bad.stderr, "error: ");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
