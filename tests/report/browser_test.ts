/**
 * Opens `report.html` in headless Chromium and checks that each chart rendered from the run's
 * data: one line per run id, as many vertices/points as eval steps, legend names matching
 * `summary.json`, a non-empty layout box; that every chart the data calls for is there; that the
 * page logs nothing to the console; and takes a screenshot (kept only at `$RNNLAB_SCREENSHOT`).
 *
 * Uses the report fixture, or a real output folder given as `RNNLAB_REPORT_OUT=<dir>` (copied
 * first, so the folder itself is not touched). Skipped when /usr/bin/chromium is absent
 * (`apt-get install -y chromium`).
 * @module
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import { join } from "node:path";
import { writeReportAssets } from "../../src/report/html.ts";
import { readOutput } from "../../src/report/read.ts";
import { copyDir, FIXTURE } from "./_fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false);
if (!hasChromium) {
  console.log(
    `browser_test: SKIPPED — ${CHROMIUM} not found; install it with ` +
      "`apt-get update && apt-get install -y chromium` to check report.html in a browser.",
  );
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Run Chromium on a file with a new empty profile; stdout, stderr and the exit code. */
async function chromium(args: string[], file: string) {
  const profile = await Deno.makeTempDir({ prefix: "rnnlab-chromium-" });
  try {
    const out = await new Deno.Command(CHROMIUM, {
      args: [...FLAGS, `--user-data-dir=${profile}`, ...args, `file://${file}`],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(90_000),
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/**
 * Injected into a copy of the page only: measures every chart in the live DOM and writes the
 * result, base64 JSON, into the body so `--dump-dom` carries it out.
 */
const PROBE = `<script>
addEventListener("load", () => {
  const charts = [...document.querySelectorAll("figure.chart")].map((fig) => {
    const svg = fig.querySelector("svg");
    const box = svg.getBoundingClientRect();
    const marks = {};
    for (const g of svg.querySelectorAll("g.role-mark")) {
      const name = [...g.classList].find((c) => c.endsWith("_marks"));
      const type = [...g.classList].find((c) => c.startsWith("mark-") && c !== "mark-group");
      const items = [...g.children].filter((c) => c.getAttribute("class") !== "foreground");
      (marks[type + " " + name] ??= []).push(...items.map((c) => {
        const b = c.getBoundingClientRect();
        return {
          label: c.getAttribute("aria-label") ?? "",
          vertices: ((c.getAttribute("d") ?? "").match(/[ML]/g) ?? []).length,
          text: c.textContent,
          width: b.width,
          height: b.height,
        };
      }));
    }
    const legend = [...svg.querySelectorAll(".role-legend-label text")].map((t) => t.textContent);
    return { id: fig.dataset.chart, width: box.width, height: box.height, marks, legend };
  });
  const probe = { charts, pageHeight: document.documentElement.scrollHeight };
  const json = JSON.stringify(probe);
  document.body.setAttribute("data-probe", btoa(unescape(encodeURIComponent(json))));
});
</script>`;

interface ProbeItem {
  label: string;
  vertices: number;
  text: string;
  width: number;
  height: number;
}
interface ProbeChart {
  id: string;
  width: number;
  height: number;
  marks: Record<string, ProbeItem[]>;
  legend: string[];
}

function field(label: string, name: string): string | undefined {
  return label.split("; ").map((p) => p.split(": ")).find(([k]) => k === name)?.[1];
}

Deno.test({
  name: "report.html renders every chart from the run's data in headless Chromium",
  ignore: !hasChromium,
  sanitizeResources: false,
  async fn() {
    const source = Deno.env.get("RNNLAB_REPORT_OUT") ?? FIXTURE;
    const root = await Deno.makeTempDir({ prefix: "rnnlab-browser-" });
    try {
      const dir = join(root, "out");
      await copyDir(source, dir);
      const svgPaths = await writeReportAssets(dir);
      const out = await readOutput(dir);
      const runIds = out.summary.runs.map((r) => r.id);
      const page = join(dir, "report.html");

      // 1. The unmodified page: the DOM Chromium built, and nothing on the console.
      const plain = await chromium(["--enable-logging=stderr", "--v=0", "--dump-dom"], page);
      assertEquals(plain.code, 0, plain.stderr.slice(-2000));
      const consoleLines = plain.stderr.split("\n").filter((l) => /:CONSOLE[:(]/.test(l));
      assertEquals(consoleLines, [], "console messages while loading report.html");
      assertEquals((plain.stdout.match(/<figure class="chart"/g) ?? []).length, svgPaths.length);
      // A char-LM output has at least loss, gradient norm and bpc-vs-params.
      const minCharts = out.summary.task === "forecast" ? 2 : 3;
      assertGreater(svgPaths.length + 1, minCharts, `at least ${minCharts} charts`);

      // 2. A probed copy: what each chart drew, measured in the live layout.
      const probed = join(dir, "probed.html");
      const html = await Deno.readTextFile(page);
      await Deno.writeTextFile(probed, html.replace("</body>", `${PROBE}\n</body>`));
      const dom = await chromium(["--window-size=1280,1000", "--dump-dom"], probed);
      const encoded = dom.stdout.match(/data-probe="([^"]*)"/)?.[1];
      if (!encoded) throw new Error(`the probe did not run: ${dom.stderr.slice(-2000)}`);
      const probe = JSON.parse(new TextDecoder().decode(
        Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)),
      )) as { charts: ProbeChart[]; pageHeight: number };
      const charts = new Map(probe.charts.map((c) => [c.id, c]));
      assertEquals([...charts.keys()], svgPaths.map((p) => p.replace(/^charts\/|\.svg$/g, "")));
      // The charts this output's data calls for, decided from summary.json and metrics alone: a
      // chart that goes missing fails here rather than skipping its checks below.
      const forecastTask = out.summary.task === "forecast";
      const expectedCharts = [
        "loss",
        ...(out.runs.some((r) => r.metrics.some((m) => m.gradNorm !== null)) ? ["grad-norm"] : []),
        ...(out.summary.runs.some((r) => r.gradFlow?.length) ? ["grad-flow"] : []),
        ...(forecastTask ? ["forecast"] : []),
        ...(out.summary.runs.some((r) => typeof r.valBpc === "number") ? ["bpc-params"] : []),
      ];
      for (const id of expectedCharts) assert(charts.has(id), `chart ${id} rendered`);
      if (source === FIXTURE) {
        // The fixture has every char-LM chart: the list above cannot pass by being empty.
        assertEquals(expectedCharts, ["loss", "grad-norm", "grad-flow", "bpc-params"]);
      }
      const chart = (id: string) => charts.get(id)!;
      for (const c of probe.charts) {
        assertGreater(c.width, 200, `${c.id} laid out`);
        assertGreater(c.height, 150, `${c.id} laid out`);
      }
      const linesByRun = (chart: ProbeChart, mark: string) =>
        new Map(
          (chart.marks[`mark-line ${mark}_marks`] ?? []).map((l) => [field(l.label, "run"), l]),
        );

      // Loss: legend = run ids; per run a val line through every eval step and a point each.
      const loss = chart("loss");
      assertEquals(loss.legend, runIds);
      const val = linesByRun(loss, "val");
      const points = loss.marks["mark-symbol valPoints_marks"] ?? [];
      for (const run of out.runs) {
        const evals = run.metrics.filter((m) => m.valLoss !== null).length ||
          (run.summary.evals ?? []).filter((e) => e.valLoss !== null).length;
        if (evals === 0) continue; // e.g. a run that failed before its first eval
        const line = val.get(run.id);
        if (!line) throw new Error(`loss: no val line for ${run.id}`);
        assertEquals(line.vertices, evals, `loss: vertices of ${run.id}`);
        if (evals > 1) assertGreater(line.width, 0, `loss: ${run.id} line drawn`);
        const mine = points.filter((p) => field(p.label, "run") === run.id);
        assertEquals(mine.length, evals, `loss: points of ${run.id}`);
        assert(mine.every((p) => p.width > 0), `loss: ${run.id} points drawn`);
      }

      // Gradient norm: one line per run over every logged step; the clip rule where clipping.
      if (expectedCharts.includes("grad-norm")) {
        const norm = chart("grad-norm");
        assertEquals(norm.legend, runIds);
        const lines = linesByRun(norm, "gradNorm");
        for (const run of out.runs) {
          const steps = run.metrics.filter((m) => m.gradNorm !== null).length;
          if (steps === 0) continue;
          if (steps <= 600) assertEquals(lines.get(run.id)?.vertices, steps, `norm: ${run.id}`);
        }
        const clips = out.summary.runs.some((r) => r.clip?.mode === "norm");
        assertEquals((norm.marks["mark-rule clip_marks"] ?? []).length > 0, clips);
      }

      // Gradient flow: one line per run that has a profile, K+1 distances.
      if (expectedCharts.includes("grad-flow")) {
        const lines = linesByRun(chart("grad-flow"), "flow");
        for (const run of out.summary.runs.filter((r) => r.gradFlow?.length)) {
          const last = run.gradFlow!.filter((p) =>
            p.step === Math.max(...run.gradFlow!.map((q) =>
                q.step
              )) && p.layer === 0
          )[0];
          assertEquals(lines.get(run.id)?.vertices, last.norms.filter((n) => n > 0).length);
        }
      }

      // Forecast vs actual: per panel, one line per legend entry (actual, runs, baselines).
      if (forecastTask) {
        const forecast = chart("forecast");
        const lines = Object.entries(forecast.marks)
          .filter(([k]) => k.startsWith("mark-line forecast_")).flatMap(([, v]) => v);
        assertEquals(lines.length, forecast.legend.length);
        assert(lines.every((l) => l.width > 0), "forecast lines drawn");
      }

      // Val bpc vs parameters: a point per run that has both.
      if (expectedCharts.includes("bpc-params")) {
        const bpc = chart("bpc-params");
        const expected = out.summary.runs.filter((r) =>
          typeof r.params === "number" && typeof r.valBpc === "number"
        );
        assertEquals((bpc.marks["mark-symbol runs_marks"] ?? []).length, expected.length);
        assertEquals(
          (bpc.marks["mark-text runLabels_marks"] ?? []).map((t) => t.text).sort(),
          expected.map((r) => r.id).sort(),
        );
      }

      // 3. A screenshot of the whole page: in the temporary folder unless $RNNLAB_SCREENSHOT asks
      // to keep it (the test writes nothing into the repository).
      const shot = Deno.env.get("RNNLAB_SCREENSHOT") ?? join(root, "report.png");
      await Deno.mkdir(join(shot, ".."), { recursive: true });
      const height = Math.min(Math.max(probe.pageHeight, 800), 8000);
      const snap = await chromium(
        [
          `--screenshot=${await Deno.realPath(join(shot, "..")) + "/" + shot.split("/").pop()}`,
          `--window-size=1280,${height}`,
          "--hide-scrollbars",
        ],
        page,
      );
      assertEquals(snap.code, 0, snap.stderr.slice(-2000));
      assertGreater((await Deno.stat(shot)).size, 10_000, "screenshot written");
      console.log(`browser_test: ${svgPaths.length} charts checked; screenshot ${shot}`);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
