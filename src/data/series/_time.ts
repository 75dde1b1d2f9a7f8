/**
 * Time index parsing and spacing: turns date cells into numbers on a regular grid so that unsorted
 * rows, duplicates and gaps can be found and named.
 * @module
 */

const DAY_MS = 86_400_000;
/** A parsed time cell: calendar time in ms (UTC) or a plain number. */
export type TimeCell = { kind: "calendar"; ms: number } | { kind: "number"; value: number };

/** Calendar time from year, month and (optional) day cells. */
export function timeFromParts(year: number, month: number, day = 1): TimeCell | undefined {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  if (day < 1 || new Date(ms).getUTCDate() !== day) return undefined;
  return { kind: "calendar", ms };
}

/** A time index mapped onto integers-ish numbers with a unit, plus the way back to labels. */
export interface TimeGrid {
  /** Position of each row in grid units (months for monthly data, ms for daily…). */
  ticks: number[];
  /** The most common spacing between consecutive rows, in grid units. */
  step: number;
  /** Human-readable spacing, e.g. `1 day`, `1 month`. */
  frequency: string;
  /** Label of a grid position, for charts. */
  label(tick: number): string;
}

/** Build the grid for parsed times (all the same kind, already checked by the caller). */
export function timeGrid(cells: TimeCell[]): TimeGrid {
  if (cells.length === 0 || cells[0].kind === "number") {
    const ticks = cells.map((c) => c.kind === "number" ? c.value : c.ms);
    const step = modalStep(ticks);
    return { ticks, step, frequency: `${step} step${step === 1 ? "" : "s"}`, label: String };
  }
  const dates = cells.map((c) => new Date(c.kind === "calendar" ? c.ms : 0));
  const monthStarts = dates.every((d) => d.getUTCDate() === 1 && d.getTime() % DAY_MS === 0);
  const msTicks = dates.map((d) => d.getTime());
  if (monthStarts && modalStep(msTicks) >= 28 * DAY_MS) {
    const ticks = dates.map((d) => d.getUTCFullYear() * 12 + d.getUTCMonth());
    const step = modalStep(ticks);
    const label = (t: number) => `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
    return {
      ticks,
      step,
      frequency: step % 12 === 0 ? `${step / 12} year` : `${step} month`,
      label,
    };
  }
  const step = modalStep(msTicks);
  const withTime = msTicks.some((t) => t % DAY_MS !== 0);
  const label = (t: number) => new Date(t).toISOString().slice(0, withTime ? 16 : 10);
  const frequency = step % DAY_MS === 0 ? `${step / DAY_MS} day` : `${step / 60_000} min`;
  return { ticks: msTicks, step, frequency, label };
}

/** The most common positive difference between consecutive ticks (1 if there is none). */
function modalStep(ticks: number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < ticks.length; i++) {
    const diff = ticks[i] - ticks[i - 1];
    if (diff > 0) counts.set(diff, (counts.get(diff) ?? 0) + 1);
  }
  let best = 1, bestCount = 0;
  for (const [diff, count] of counts) {
    if (count > bestCount || (count === bestCount && diff < best)) {
      [best, bestCount] = [diff, count];
    }
  }
  return best;
}
