/**
 * The cell registry: every cell kind rnnlab can train, one module each. A new cell is one module
 * in this folder plus one line in {@link CELLS} (and `CELL_NAMES` in `src/config/common.ts`, which
 * the compile-time guard below keeps equal to it; a variant of another cell also names it in
 * `CELL_VARIANT_OF` there, equal to its module's `variantOf`). Nothing outside a cell's module switches over
 * cell kinds: what differs between cells is a property or function of its {@link Cell}.
 * @module
 */
import type { Cell, CellKind } from "../cell.ts";
import { CELL_NAMES } from "../../config/common.ts";
import { cifg } from "./cifg.ts";
import { gru } from "./gru.ts";
import { lstm } from "./lstm.ts";
import { nfg } from "./nfg.ts";
import { rnn } from "./rnn.ts";

/** The registered cells by kind, in the order the config lists them. */
export const CELLS = {
  rnn,
  lstm,
  gru,
  cifg,
  nfg,
} as const satisfies Record<string, Cell>;

type Registered = keyof typeof CELLS;
// Compile-time guard: the config's CELL_NAMES must list exactly the registered cells.
const _namesMatch: [Registered, CellKind] extends [CellKind, Registered] ? true : never = true;

/** Every registered cell kind, in registry order. */
export const CELL_KINDS: readonly CellKind[] = CELL_NAMES;

/**
 * The cell of `kind`. An unknown kind throws: no kind silently falls into another cell's path.
 *
 * @example
 * ```ts
 * import { assert, assertThrows } from "@std/assert";
 * import { cellOf } from "./mod.ts";
 * assert(cellOf("lstm").gates.length === 4 && cellOf("gru").state.length === 1);
 * assertThrows(() => cellOf("lstn" as "lstm"), Error, "unknown cell kind");
 * ```
 */
export function cellOf(kind: CellKind): Cell {
  const cell = (CELLS as Record<string, Cell>)[kind];
  if (!cell || !Object.hasOwn(CELLS, kind)) {
    throw new Error(`unknown cell kind "${kind}"; registered: ${Object.keys(CELLS).join(", ")}`);
  }
  return cell;
}

/** Gate blocks per kind: the G in `[.., G·H]`. */
export function gateCount(kind: CellKind): number {
  return cellOf(kind).gates.length;
}
