/**
 * CSV → {@link Series}: pick the time index and value columns, check the index is sorted, unique
 * and regular, and handle missing cells and gaps as the spec's `missing` policy says.
 * @module
 */
import { parse } from "@std/csv";
import { InputError } from "../../errors.ts";
import { parseDateColumn } from "./_dates.ts";
import { type TimeCell, timeFromParts, timeGrid } from "./_time.ts";
import type { MissingPolicy, Series, SeriesSpec } from "./types.ts";

const MISSING_TOKENS = new Set(["", "na", "nan", "null", "none", "n/a", "?"]);

/**
 * Parse CSV text (header row first) into a series. `where` names the file in error messages.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { readCsvSeries } from "./csv.ts";
 * import type { SeriesSpec } from "./types.ts";
 * const csv = "date,temp,weather\n2020-01-01,3.5,sun\n2020-01-02,4.0,rain\n2020-01-04,5.0,sun\n";
 * const spec: SeriesSpec = { dateColumn: "date", valueColumns: ["temp"], missing: "interpolate" };
 * const s = readCsvSeries(csv, spec, "t.csv");
 * assert(s.values[0].join() === "3.5,4,4.5,5" && s.times[2] === "2020-01-03");
 * ```
 */
export function readCsvSeries(text: string, spec: SeriesSpec, where: string): Series {
  const { header, data } = parseCsv(text, where);
  return seriesFromRows(header, data, data.map((_, r) => r + 2), spec, where);
}

/** Header and data rows of CSV text (header is line 1). */
function parseCsv(text: string, where: string): { header: string[]; data: string[][] } {
  const rows = parse(text) as string[][];
  if (rows.length < 2) {
    throw new InputError(where, "has no data rows", "give a header row and at least one data row");
  }
  return { header: rows[0].map((h) => h.trim()), data: rows.slice(1) };
}

/** The index of column `name`, or an error naming the config key that asked for it. */
function columnIndex(header: string[], name: string, key: string, where: string): number {
  const index = header.indexOf(name);
  if (index < 0) {
    throw new InputError(
      `${where}: series.${key}`,
      `column "${name}" is not in the header (${header.join(", ")})`,
      "use one of the header's column names",
    );
  }
  return index;
}

/**
 * Many series from one CSV: long format (`seriesColumn` names the id column; each id's rows, in
 * file order, form one series named `<file>:<id>`) or wide format (`seriesColumns`: each column is
 * one univariate series). Every series shares the date handling and missing policy.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { readCsvPanel } from "./csv.ts";
 * const long = "id,t,y\na,1,10\nb,1,5\na,2,11\nb,2,6\n";
 * const panel = readCsvPanel(long, { dateColumn: "t", target: "y", seriesColumn: "id" }, "p.csv");
 * assert(panel.map((s) => s.name).join() === "p.csv:a,p.csv:b");
 * assert(panel[1].values[0].join() === "5,6");
 * const wide = readCsvPanel("t,u,v\n1,1,2\n2,3,4\n", { seriesColumns: ["u", "v"] }, "w.csv");
 * assert(wide[1].target === "v" && wide[1].values[0].join() === "2,4");
 * ```
 */
export function readCsvPanel(text: string, spec: SeriesSpec, where: string): Series[] {
  const { header, data } = parseCsv(text, where);
  const base = spec.id ?? spec.path ?? where;
  if (spec.seriesColumns !== undefined) {
    return spec.seriesColumns.map((name) => {
      columnIndex(header, name, "seriesColumns", where);
      const member = { ...spec, target: name, valueColumns: [name] };
      return seriesFromRows(header, data, data.map((_, r) => r + 2), member, where, name);
    });
  }
  if (spec.seriesColumn === undefined) return [readCsvSeries(text, spec, where)];
  const idColumn = columnIndex(header, spec.seriesColumn, "seriesColumn", where);
  const groups = new Map<string, { rows: string[][]; lines: number[] }>();
  data.forEach((row, r) => {
    const id = (row[idColumn] ?? "").trim();
    if (id === "") {
      throw new InputError(
        `${where}: line ${r + 2}`,
        `the series id in column "${spec.seriesColumn}" is empty`,
        "give every row a series id",
      );
    }
    const group = groups.get(id) ?? { rows: [], lines: [] };
    group.rows.push(row);
    group.lines.push(r + 2);
    groups.set(id, group);
  });
  return [...groups].map(([id, { rows, lines }]) =>
    seriesFromRows(header, rows, lines, spec, where, `${base}:${id}`)
  );
}

/** One series from data rows (`lines`: each row's file line, for error messages). */
function seriesFromRows(
  header: string[],
  data: string[][],
  lines: number[],
  spec: SeriesSpec,
  where: string,
  name = spec.id ?? spec.path ?? where,
): Series {
  const lineOf = (row: number) => lines[row];
  const column = (name: string, key: string) => columnIndex(header, name, key, where);

  const valueColumns = [...(spec.valueColumns ?? [])];
  const target = spec.target ?? valueColumns[0];
  if (target === undefined) {
    throw new InputError(
      `${where}: series.target`,
      "no target or valueColumns given",
      "set series.target (and optionally series.valueColumns) to numeric column names",
    );
  }
  if (!valueColumns.includes(target)) valueColumns.unshift(target);
  const valueIndex = valueColumns.map((name) =>
    column(name, spec.target === name ? "target" : "valueColumns")
  );

  // Time index: one date column, several (year, month[, day]) columns, or the row number.
  let cells: TimeCell[];
  let dateFormat: string | undefined;
  if (spec.dateColumn !== undefined) {
    const index = column(spec.dateColumn, "dateColumn");
    const parsed = parseDateColumn(data.map((row) => row[index] ?? ""), spec.dateFormat, {
      where,
      column: spec.dateColumn,
      formatKey: "series.dateFormat",
      lineOf,
    });
    cells = parsed.cells;
    dateFormat = parsed.format;
  } else if (spec.dateColumns !== undefined) {
    if (spec.dateColumns.length < 2 || spec.dateColumns.length > 3) {
      throw new InputError(
        `${where}: series.dateColumns`,
        `needs 2 or 3 columns, got ${spec.dateColumns.length}`,
        "list [year, month] or [year, month, day] column names",
      );
    }
    const parts = spec.dateColumns.map((name) => column(name, "dateColumns"));
    cells = data.map((row, r) => {
      const [y, m, d] = parts.map((i) => Number((row[i] ?? "").trim()));
      const cell = timeFromParts(y, m, parts.length === 3 ? d : 1);
      if (!cell) {
        throw new InputError(
          `${where}: line ${lineOf(r)}`,
          `date parts ${parts.map((i) => `"${row[i] ?? ""}"`).join(", ")} are not a valid date`,
          "fix or remove the row",
        );
      }
      return cell;
    });
  } else {
    cells = data.map((_, r) => ({ kind: "number", value: r }));
  }

  // Numeric cells: missing tokens become NaN (the policy decides); other non-numbers are errors.
  const raw = valueIndex.map((col, c) =>
    Float64Array.from(data, (row, r) => {
      const cell = (row[col] ?? "").trim();
      if (MISSING_TOKENS.has(cell.toLowerCase())) return NaN;
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        throw new InputError(
          `${where}: line ${lineOf(r)}`,
          `column "${valueColumns[c]}" has non-numeric value "${cell}"`,
          'fix the cell, or leave it empty and set series.missing to "drop" or "interpolate"',
        );
      }
      return value;
    })
  );

  const grid = timeGrid(cells);
  for (let r = 1; r < grid.ticks.length; r++) {
    const diff = grid.ticks[r] - grid.ticks[r - 1];
    if (diff < 0) {
      throw new InputError(
        `${where}: line ${lineOf(r)}`,
        `time ${grid.label(grid.ticks[r])} comes before the previous row's ${
          grid.label(grid.ticks[r - 1])
        }`,
        "sort the rows by time",
      );
    }
    if (diff === 0) {
      throw new InputError(
        `${where}: line ${lineOf(r)}`,
        `duplicate time ${grid.label(grid.ticks[r])} (also on line ${lineOf(r - 1)})`,
        "remove or merge the duplicate rows",
      );
    }
  }
  const policy: MissingPolicy = spec.missing ?? "error";
  const repaired = policy === "drop"
    ? dropMissing(raw, grid.ticks)
    : fillGapsAndMissing(raw, grid.ticks, grid.step, policy, {
      at: (row) => `${where}: line ${lineOf(row)}`,
      label: grid.label,
      columns: valueColumns,
    });
  return {
    name,
    columns: valueColumns,
    target,
    targetIndex: valueColumns.indexOf(target),
    values: repaired.values,
    times: repaired.ticks.map(grid.label),
    frequency: grid.frequency,
    dateFormat,
    period: spec.period,
    repaired: { interpolated: repaired.interpolated, dropped: repaired.dropped },
  };
}

interface Repaired {
  values: Float64Array[];
  ticks: number[];
  interpolated: number;
  dropped: number;
}

/** `missing: "drop"`: remove every row with a missing cell; time gaps are accepted as they are. */
function dropMissing(values: Float64Array[], ticks: number[]): Repaired {
  const keep = ticks.map((_, r) => values.every((col) => !Number.isNaN(col[r])));
  const kept = keep.filter(Boolean).length;
  return {
    values: values.map((col) => col.filter((_, r) => keep[r])),
    ticks: ticks.filter((_, r) => keep[r]),
    interpolated: 0,
    dropped: ticks.length - kept,
  };
}

/** `error`: name the first gap or missing cell. `interpolate`: insert gap points, fill linearly. */
function fillGapsAndMissing(
  values: Float64Array[],
  ticks: number[],
  step: number,
  policy: "error" | "interpolate",
  names: { at: (row: number) => string; label: (tick: number) => string; columns: string[] },
): Repaired {
  const { at, label } = names;
  const fix = 'fill it in, or set series.missing to "drop" or "interpolate"';
  const outTicks: number[] = [];
  const rowOf: number[] = []; // source row per output point, -1 for inserted gap points
  for (let r = 0; r < ticks.length; r++) {
    if (r > 0) {
      const diff = ticks[r] - ticks[r - 1];
      if (diff % step !== 0) {
        throw new InputError(
          at(r),
          `time ${label(ticks[r])} is off the ${step}-unit grid of the other rows`,
          'make the spacing regular, or set series.missing to "drop" to accept it as is',
        );
      }
      if (diff > step) {
        if (policy === "error") {
          throw new InputError(
            at(r),
            `gap of ${diff / step - 1} missing point(s) before ${label(ticks[r])}`,
            fix,
          );
        }
        for (let t = ticks[r - 1] + step; t < ticks[r]; t += step) {
          outTicks.push(t);
          rowOf.push(-1);
        }
      }
    }
    outTicks.push(ticks[r]);
    rowOf.push(r);
  }
  const out = values.map((col, c) => {
    const filled = Float64Array.from(rowOf, (r) => r < 0 ? NaN : col[r]);
    const missingAt = filled.findIndex(Number.isNaN);
    if (missingAt >= 0 && policy === "error") {
      throw new InputError(
        at(rowOf[missingAt]),
        `column "${names.columns[c]}" is missing (empty/NaN)`,
        fix,
      );
    }
    return filled;
  });
  const interpolated = rowOf.filter((_, i) => out.some((col) => Number.isNaN(col[i]))).length;
  out.forEach((col, c) => interpolateInPlace(col, names.columns[c]));
  return { values: out, ticks: outTicks, interpolated, dropped: 0 };
}

/** Linear interpolation over NaN runs; leading/trailing runs take the nearest value. */
function interpolateInPlace(values: Float64Array, name: string): void {
  let last = -1;
  for (let i = 0; i <= values.length; i++) {
    if (i < values.length && Number.isNaN(values[i])) continue;
    if (i - last > 1) {
      if (last < 0 && i === values.length) {
        throw new InputError(
          `series column "${name}"`,
          "has no values at all",
          "choose another column",
        );
      }
      for (let j = last + 1; j < i; j++) {
        values[j] = last < 0
          ? values[i]
          : i === values.length
          ? values[last]
          : values[last] + (values[i] - values[last]) * (j - last) / (i - last);
      }
    }
    last = i;
  }
}
