/**
 * Date columns as people export them, read with date-fns: a numeric index, ISO dates and times,
 * `YYYY-MM`, `YYYY`, `Mon D YYYY`, `Mon-D-YYYY`, `D/M/YYYY` or `M/D/YYYY` (whichever the whole
 * column fits), or any date-fns format the config names. Times are read as UTC.
 * @module
 */
import { format as formatDate } from "date-fns/format";
import { parse } from "date-fns/parse";
import { InputError } from "../../errors.ts";
import type { TimeCell } from "./_time.ts";

/** The formats tried, in order, when the config names none (date-fns tokens). */
export const DATE_FORMATS = [
  "yyyy-MM-dd'T'HH:mm:ss.SSS",
  "yyyy-MM-dd'T'HH:mm:ss",
  "yyyy-MM-dd'T'HH:mm",
  "yyyy-MM-dd HH:mm:ss",
  "yyyy-MM-dd HH:mm",
  "yyyy-MM-dd",
  "yyyy/MM/dd",
  "yyyy-MM",
  "yyyy/MM",
  "MMM d yyyy",
  "MMM d, yyyy",
  "MMM-d-yyyy",
  "d MMM yyyy",
  "d-MMM-yyyy",
  "d/M/yyyy",
  "M/d/yyyy",
] as const;

/** Day-first and month-first slashes: a column both read must be settled by `dateFormat`. */
const AMBIGUOUS = new Set(["d/M/yyyy", "M/d/yyyy"]);

const REFERENCE = new Date(2000, 0, 1);

/** Where the column is, for error messages. */
export interface DateColumnPlace {
  /** The file. */
  where: string;
  /** The column's name. */
  column: string;
  /** The config key naming the format (`series.dateFormat`). */
  formatKey: string;
  /** The file line of data row `r`. */
  lineOf(row: number): number;
}

/** A parsed date column and how it was read. */
export interface DateColumn {
  cells: TimeCell[];
  /** The date-fns format used, `number` for a numeric index, `yyyy` for four-digit years. */
  format: string;
}

/** Parse one cell with one format, or undefined. A trailing `Z` is dropped (times are UTC). */
function parseWith(text: string, format: string): TimeCell | undefined {
  const cell = text.trim().replace(/Z$/, "");
  const date = parse(cell, format, REFERENCE);
  if (Number.isNaN(date.getTime())) return undefined;
  const ms = Date.UTC(
    date.getFullYear(),
    date.getMonth(),
    date.getDate(),
    date.getHours(),
    date.getMinutes(),
    date.getSeconds(),
    date.getMilliseconds(),
  );
  return { kind: "calendar", ms };
}

/**
 * Read a whole date column: with `dateFormat`, every cell in that format; else a numeric index
 * (four-digit integers are years), else the first of {@link DATE_FORMATS} that reads every cell.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { parseDateColumn } from "./_dates.ts";
 * const place = { where: "x.csv", column: "d", formatKey: "series.dateFormat", lineOf: (r: number) => r + 2 };
 * const col = parseDateColumn(["Jan-1-1995", "Jan-2-1995"], undefined, place);
 * assert(col.format === "MMM-d-yyyy" && col.cells[1].kind === "calendar");
 * assert(parseDateColumn(["13/1/2020", "14/1/2020"], undefined, place).format === "d/M/yyyy");
 * assert(parseDateColumn(["1.2.2020"], "d.M.yyyy", place).format === "d.M.yyyy");
 * ```
 */
export function parseDateColumn(
  texts: string[],
  dateFormat: string | undefined,
  place: DateColumnPlace,
): DateColumn {
  if (dateFormat !== undefined) {
    checkFormat(dateFormat, place);
    return { cells: readAll(texts, dateFormat, place), format: dateFormat };
  }
  const numbers = texts.map((t) => t.trim());
  if (numbers.length > 0 && numbers.every((t) => t !== "" && Number.isFinite(Number(t)))) {
    if (numbers.every((t) => /^\d{4}$/.test(t))) {
      return { cells: readAll(texts, "yyyy", place), format: "yyyy" };
    }
    return { cells: numbers.map((t) => ({ kind: "number", value: Number(t) })), format: "number" };
  }
  const first = texts[0] ?? "";
  if (Number.isFinite(Number(first.trim())) && first.trim() !== "") {
    const row = numbers.findIndex((t) => t === "" || !Number.isFinite(Number(t)));
    throw badDate(place, row, texts[row], "is not a number like the rows before it");
  }
  const candidates = DATE_FORMATS.filter((f) => parseWith(first, f) !== undefined);
  if (candidates.length === 0) {
    throw badDate(place, 0, first, "is not a date or number");
  }
  let furthest = { format: candidates[0] as string, row: 0 };
  for (const format of candidates) {
    const row = texts.findIndex((t) => parseWith(t, format) === undefined);
    if (row < 0) {
      const twin = format === "d/M/yyyy" ? "M/d/yyyy" : "d/M/yyyy";
      if (AMBIGUOUS.has(format) && texts.every((t) => parseWith(t, twin) !== undefined)) {
        throw new InputError(
          `${place.where}: ${place.formatKey}`,
          `the dates in column "${place.column}" (e.g. "${first.trim()}") read both as day/month ` +
            "and as month/day",
          'set series.dateFormat to "d/M/yyyy" or "M/d/yyyy"',
        );
      }
      return { cells: texts.map((t) => parseWith(t, format)!), format };
    }
    if (row > furthest.row) furthest = { format, row };
  }
  const { format, row } = furthest;
  throw badDate(
    place,
    row,
    texts[row],
    `does not match the format of the rows before it (${format})`,
  );
}

/** Refuse a format date-fns cannot read, and week-year / day-of-year tokens (`YYYY`, `DD`). */
function checkFormat(format: string, place: DateColumnPlace): void {
  const fail = (why: string) =>
    new InputError(
      `${place.where}: ${place.formatKey}`,
      `"${format}" is not a date format date-fns can read (${why})`,
      'use date-fns tokens, e.g. "dd.MM.yyyy", "MMM d yyyy" or "yyyy-MM-dd HH:mm"',
    );
  // Outside quoted text, Y is the week-numbering year and D the day of the year: never meant here.
  const unquoted = format.replace(/'[^']*'/g, "");
  if (/[YD]/.test(unquoted)) {
    throw fail("Y and D are week-year and day-of-year tokens; use y and d");
  }
  if (!/y/.test(unquoted)) throw fail("it has no year (y)");
  try {
    formatDate(REFERENCE, format);
  } catch (error) {
    throw fail((error as Error).message.split(";")[0]);
  }
}

function readAll(texts: string[], format: string, place: DateColumnPlace): TimeCell[] {
  return texts.map((text, row) => {
    const cell = parseWith(text, format);
    if (!cell) throw badDate(place, row, text, `does not match series.dateFormat "${format}"`);
    return cell;
  });
}

function badDate(place: DateColumnPlace, row: number, text: string, what: string): InputError {
  return new InputError(
    `${place.where}: line ${place.lineOf(row)}`,
    `date "${text}" in column "${place.column}" ${what}`,
    "write dates as YYYY-MM-DD[THH:MM], YYYY-MM, YYYY, Mon D YYYY, Mon-D-YYYY, D/M/YYYY or " +
      'M/D/YYYY, use a numeric index, or set series.dateFormat (date-fns tokens, e.g. "dd.MM.yyyy")',
  );
}
