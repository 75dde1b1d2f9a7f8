/**
 * The parameter-budget table of Karpathy, Johnson & Fei-Fei 2015 (Table 1): rows cell × layers,
 * columns corpus × budget, cross-entropy per character in nats (lower is better). A budget is the
 * total parameter count of an LSTM run; every other run of that corpus and depth joins the budget
 * whose LSTM count is nearest (the experiment sizes them to match). Below the table: how often depth
 * and gating helped, counted over the table's cells, with no threshold and no selection.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { fmt, int, table } from "./_section.ts";
import { seedOf } from "./seed_groups.ts";
import { differenceVerdict, meanInterval, pairedDifference } from "../metrics/intervals.ts";

/** The metric a run is scored by: test cross-entropy where every run has it, else validation. */
function metricOf(runs: RunSummary[]): { name: string; value: (r: RunSummary) => number | null } {
  const test = (r: RunSummary): number | null => {
    const scored = r.scored as { metrics?: Record<string, number> } | undefined;
    const value = r.testLoss ?? scored?.metrics?.testLoss;
    return typeof value === "number" ? value : null;
  };
  const ended = runs.filter((r) => r.status === "finished");
  return ended.length > 0 && ended.every((r) => test(r) !== null)
    ? { name: "test", value: test }
    : { name: "validation", value: (r) => r.valLoss };
}

interface Budget {
  corpus: string;
  layers: number;
  /** The LSTM's hidden size and total parameters. */
  hidden: number;
  params: number;
}

/** Each run's budget (null for a corpus and depth without LSTM runs). */
function budgets(runs: RunSummary[]): Map<RunSummary, Budget> {
  const lstm: Budget[] = runs.filter((r) => r.cell === "lstm").map((r) => ({
    corpus: String(r.corpus),
    layers: r.layers,
    hidden: r.hidden,
    params: r.params,
  }));
  const out = new Map<RunSummary, Budget>();
  for (const r of runs) {
    const candidates = lstm.filter((b) => b.corpus === String(r.corpus) && b.layers === r.layers);
    if (candidates.length === 0 || !(r.params > 0)) continue;
    out.set(
      r,
      candidates.reduce((a, b) =>
        Math.abs(b.params - r.params) < Math.abs(a.params - r.params) ? b : a
      ),
    );
  }
  return out;
}

/**
 * The section, for `charlm` experiments whose runs span several cells and depths with LSTM runs
 * ("" otherwise).
 */
export function budgetTableSection(summary: ExperimentSummary): string {
  const runs = summary.runs;
  const distinct = <T>(values: T[]) => [...new Set(values)];
  const cells = distinct(runs.map((r) => r.cell));
  const depths = distinct(runs.map((r) => r.layers)).sort((a, b) => a - b);
  if (cells.length < 2 || depths.length < 2 || !cells.includes("lstm")) return "";
  const budgetOf = budgets(runs);
  if (budgetOf.size === 0) return "";
  const metric = metricOf(runs);
  const corpora = distinct(runs.map((r) => String(r.corpus)));
  const columns = corpora.flatMap((corpus) =>
    distinct(
      [...budgetOf.values()].filter((b) => b.corpus === corpus).map((b) => b.hidden),
    ).sort((a, b) => a - b).map((hidden) => ({ corpus, hidden }))
  );
  // Every seed's run of a table cell (a seed axis gives several).
  const cellOf = (cell: string, layers: number, column: { corpus: string; hidden: number }) =>
    runs.filter((r) => {
      const b = budgetOf.get(r);
      return r.cell === cell && r.layers === layers && b?.corpus === column.corpus &&
        b.hidden === column.hidden;
    });
  const rowCells = paperOrder(cells);
  const seeds = Math.max(
    ...rowCells.flatMap((cell) =>
      depths.flatMap((layers) => columns.map((c) => cellOf(cell, layers, c).length))
    ),
  );
  const rows = rowCells.flatMap((cell) =>
    depths.map((layers) => [
      cell,
      String(layers),
      ...columns.map((column) => tableCell(cellOf(cell, layers, column), metric.value)),
    ])
  );
  const baselines = (summary.baselines ?? []) as {
    id: string;
    corpus: string;
    valBpc?: number | null;
    testBpc?: number | null;
  }[];
  for (const id of distinct(baselines.map((b) => b.id))) {
    rows.push([
      `${id} (baseline)`,
      "–",
      ...columns.map((column) => {
        const b = baselines.find((x) => x.id === id && x.corpus === column.corpus);
        const bpc = metric.name === "test" ? b?.testBpc : b?.valBpc;
        return bpc == null ? "" : fmt(bpc * Math.LN2);
      }),
    ]);
  }
  const mismatch = Math.max(
    ...[...budgetOf.entries()].map(([r, b]) => Math.abs(r.params - b.params) / b.params),
  );
  const header = [
    "cell",
    "layers",
    ...columns.map((c) => `${c.corpus} LSTM-h${c.hidden} budget`),
  ];
  const counts = findings(rowCells, depths, columns, cellOf, metric.value, seeds);
  return [
    "## Cross-entropy by parameter budget (Karpathy et al. 2015, Table 1 layout)",
    "",
    `${metric.name === "test" ? "Test" : "Validation"} cross-entropy per character in nats ` +
    "(lower is better). A budget is the total parameter count of the LSTM at that hidden size " +
    `(${
      columns.map((c) => {
        const lstm = runs.find((r) =>
          r.cell === "lstm" && String(r.corpus) === c.corpus && r.hidden === c.hidden &&
          r.layers === depths[0]
        );
        return `${c.corpus} h${c.hidden}: ${int(lstm?.params)} at ${depths[0]} layer(s)`;
      }).join(", ")
    }); the other cells' hidden sizes match it within ${(mismatch * 100).toFixed(2)} %.` +
    (seeds > 1
      ? ` Each entry is the mean over ${seeds} seeds ± the half width of its 95 % interval ` +
        "(Student's t); (k/n): only k of the n seeds finished."
      : " One seed per entry."),
    "",
    table(header, rows),
    ...counts,
  ].join("\n");
}

const ORDER = ["rnn", "lstm", "gru"];
/** The table's row order: rnn, lstm, gru as in the paper, then any other cell. */
function paperOrder(cells: string[]): string[] {
  const rank = (c: string) => ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length;
  return [...cells].sort((a, b) => rank(a) - rank(b));
}

/** The finished runs' scores by seed. */
function bySeed(runs: RunSummary[], value: (r: RunSummary) => number | null) {
  const out = new Map<number | null, number>();
  for (const r of runs) {
    const v = r.status === "finished" ? value(r) : null;
    if (v != null && Number.isFinite(v)) out.set(seedOf(r), v);
  }
  return out;
}

/** One entry: the score, the seed mean ± 95 % half width, or the status of a run without one. */
function tableCell(runs: RunSummary[], value: (r: RunSummary) => number | null): string {
  if (runs.length === 0) return "";
  const scores = [...bySeed(runs, value).values()];
  if (scores.length === 0) return runs[0].status === "finished" ? "–" : runs[0].status;
  const ci = meanInterval(scores)!;
  const text = ci.halfWidth === null ? fmt(ci.mean) : `${fmt(ci.mean)} ± ${fmt(ci.halfWidth)}`;
  return scores.length < runs.length ? `${text} (${scores.length}/${runs.length})` : text;
}

/**
 * How often depth and gating helped, over the table's entries: by the seed means, and with
 * several seeds also how often the paired 95 % interval of the difference lies below 0 (beyond
 * seed noise) or above it.
 */
function findings(
  cells: string[],
  depths: number[],
  columns: { corpus: string; hidden: number }[],
  cellOf: (cell: string, layers: number, c: { corpus: string; hidden: number }) => RunSummary[],
  value: (r: RunSummary) => number | null,
  seeds: number,
): string[] {
  const scores = (cell: string, layers: number, c: { corpus: string; hidden: number }) =>
    bySeed(cellOf(cell, layers, c), value);
  const mean = (m: Map<number | null, number>) =>
    m.size ? [...m.values()].reduce((a, b) => a + b, 0) / m.size : null;
  // Tallies of "a lower than b": by the means, and below / above 0 by the paired interval.
  const tally = { lower: 0, of: 0, below: 0, above: 0 };
  const count = (t: typeof tally, a: Map<number | null, number>, b: Map<number | null, number>) => {
    const ma = mean(a);
    const mb = mean(b);
    if (ma === null || mb === null) return;
    t.of++;
    if (ma < mb) t.lower++;
    const common = [...a.keys()].filter((seed) => b.has(seed));
    const verdict = differenceVerdict(
      pairedDifference(common.map((s) => a.get(s)!), common.map((s) => b.get(s)!)),
    );
    if (verdict === "below") t.below++;
    if (verdict === "above") t.above++;
  };
  const noise = (t: typeof tally, better: string, worse: string) =>
    seeds > 1
      ? `; beyond seed noise (paired 95 % interval) ${better} in ${t.below}, ${worse} in ${t.above}`
      : "";
  const lines: string[] = [];
  const deeper = { ...tally };
  for (const cell of cells) {
    for (const c of columns) {
      const one = scores(cell, 1, c);
      const deep = depths.filter((d) => d >= 2).map((d) => scores(cell, d, c))
        .filter((m) => m.size > 0)
        .sort((a, b) => mean(a)! - mean(b)!)[0];
      if (one.size === 0 || !deep) continue;
      count(deeper, deep, one);
    }
  }
  if (deeper.of) {
    lines.push(
      `- Depth: the best of 2–3 layers is lower than 1 layer in ${deeper.lower} of ${deeper.of} ` +
        `(cell, budget, corpus) comparisons${
          noise(deeper, "lower", "higher")
        } (paper: depth ≥ 2 helps).`,
    );
  }
  const gated = { ...tally };
  for (const layers of depths) {
    for (const c of columns) {
      const rnn = scores("rnn", layers, c);
      for (const cell of cells.filter((x) => x !== "rnn")) {
        count(gated, scores(cell, layers, c), rnn);
      }
    }
  }
  if (gated.of) {
    lines.push(
      `- Gating: the LSTM or GRU is lower than the RNN of the same depth and budget in ` +
        `${gated.lower} of ${gated.of} comparisons${
          noise(gated, "lower", "higher")
        } (paper: gated cells beat the RNN).`,
    );
  }
  if (lines.length && seeds <= 1) {
    lines.push(
      "- One seed per entry: these are counts of single runs, not verdicts " +
        "(`--set 'grid.training.seed=[1,2,3]'` gives each a 95 % interval).",
    );
  }
  return lines.length ? [...lines, ""] : [];
}
