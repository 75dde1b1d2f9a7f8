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
  const cellOf = (cell: string, layers: number, column: { corpus: string; hidden: number }) =>
    runs.find((r) => {
      const b = budgetOf.get(r);
      return r.cell === cell && r.layers === layers && b?.corpus === column.corpus &&
        b.hidden === column.hidden;
    });
  const order = ["rnn", "lstm", "gru"];
  const rowCells = [...cells].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const rows = rowCells.flatMap((cell) =>
    depths.map((layers) => [
      cell,
      String(layers),
      ...columns.map((column) => {
        const r = cellOf(cell, layers, column);
        if (!r) return "";
        return r.status === "finished" ? fmt(metric.value(r)) : r.status;
      }),
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
  const counts = findings(rowCells, depths, columns, cellOf, metric.value);
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
    }); the other cells' hidden sizes match it within ${(mismatch * 100).toFixed(2)} %.`,
    "",
    table(header, rows),
    ...counts,
  ].join("\n");
}

/** How often a second layer helped and how often a gated cell beat the RNN, over the table. */
function findings(
  cells: string[],
  depths: number[],
  columns: { corpus: string; hidden: number }[],
  cellOf: (cell: string, layers: number, c: { corpus: string; hidden: number }) =>
    | RunSummary
    | undefined,
  value: (r: RunSummary) => number | null,
): string[] {
  const score = (cell: string, layers: number, c: { corpus: string; hidden: number }) => {
    const r = cellOf(cell, layers, c);
    const v = r?.status === "finished" ? value(r) : null;
    return v != null && Number.isFinite(v) ? v : null;
  };
  const lines: string[] = [];
  const deeper = [0, 0];
  for (const cell of cells) {
    for (const c of columns) {
      const one = score(cell, 1, c);
      const best = Math.min(
        ...depths.filter((d) => d >= 2).map((d) => score(cell, d, c) ?? Infinity),
      );
      if (one === null || !Number.isFinite(best)) continue;
      deeper[1]++;
      if (best < one) deeper[0]++;
    }
  }
  if (deeper[1]) {
    lines.push(
      `- Depth: the best of 2–3 layers is lower than 1 layer in ${deeper[0]} of ${
        deeper[1]
      } (cell, budget, corpus) comparisons (paper: depth ≥ 2 helps).`,
    );
  }
  const gated = [0, 0];
  for (const layers of depths) {
    for (const c of columns) {
      const rnn = score("rnn", layers, c);
      for (const cell of cells.filter((x) => x !== "rnn")) {
        const other = score(cell, layers, c);
        if (rnn === null || other === null) continue;
        gated[1]++;
        if (other < rnn) gated[0]++;
      }
    }
  }
  if (gated[1]) {
    lines.push(
      `- Gating: the LSTM or GRU is lower than the RNN of the same depth and budget in ${
        gated[0]
      } of ${gated[1]} comparisons (paper: gated cells beat the RNN).`,
    );
  }
  return lines.length ? [...lines, ""] : [];
}
