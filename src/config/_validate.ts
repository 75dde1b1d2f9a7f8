/**
 * Validation with zod, first issue → one {@link InputError} line.
 * @module
 */
import { type ExperimentConfig, experimentSchema } from "./schema.ts";
import { issueToInputError } from "./_issues.ts";

/** Names where a value at a config path came from (`--set …`, `quick[…]`), if not the file. */
export type SourceOf = (path: readonly PropertyKey[]) => string | undefined;

/** Validate a raw experiment object and fill its defaults; throws InputError on the first issue. */
export function validateExperiment(
  raw: unknown,
  file: string,
  source?: SourceOf,
): ExperimentConfig {
  const result = experimentSchema.safeParse(raw);
  if (result.success) return result.data;
  const task = typeof raw === "object" && raw !== null
    ? (raw as Record<string, unknown>).task
    : undefined;
  throw issueToInputError(result.error.issues[0], file, task, raw, source);
}

/**
 * A {@link SourceOf} for overrides applied in order: the last one whose path is a prefix of (or
 * equal to) the failing path, or whose path lies under it, is the source.
 */
export function sourceFromOverrides(applied: readonly { path: string; label: string }[]): SourceOf {
  return (path) => {
    const failing = path.map(String);
    for (let i = applied.length - 1; i >= 0; i--) {
      const segments = applied[i].path.split(".");
      const n = Math.min(segments.length, failing.length);
      if (segments.slice(0, n).every((s, k) => s === failing[k])) return applied[i].label;
    }
    return undefined;
  };
}
