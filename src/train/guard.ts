/**
 * Divergence guard: a NaN/Inf loss, or a loss above `factor`× the first one, ends the run as
 * `diverged` (a result, not a crash).
 * @module
 */

/**
 * Watches training losses; {@link DivergenceGuard.check} returns why the run diverged, or null.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { DivergenceGuard } from "./guard.ts";
 * const guard = new DivergenceGuard();
 * assert(guard.check(4) === null && guard.check(5) === null);
 * assert(guard.check(13)?.includes("3× the first") === true);
 * assert(new DivergenceGuard().check(NaN) === "loss is NaN");
 * ```
 */
export class DivergenceGuard {
  private first: number | null = null;
  constructor(readonly factor = 3) {}

  /** Null while training is healthy; otherwise the reason it diverged. */
  check(loss: number): string | null {
    if (Number.isNaN(loss)) return "loss is NaN";
    if (!Number.isFinite(loss)) return "loss is infinite";
    if (this.first === null) this.first = loss;
    else if (loss > this.factor * this.first) {
      return `loss ${loss.toFixed(3)} exceeded ${this.factor}× the first (${
        this.first.toFixed(3)
      })`;
    }
    return null;
  }

  /** The first loss seen (for checkpoints). */
  get firstLoss(): number | null {
    return this.first;
  }

  /** Restore the first loss (resume). */
  set firstLoss(value: number | null) {
    this.first = value;
  }
}
