/**
 * Turning a zod issue into one {@link InputError} line: key path, what is wrong (expected vs got),
 * and a fix (the nearest valid key or option, or the default).
 * @module
 */
import type { z } from "zod";
import { InputError } from "../errors.ts";
import { defaultAt, isIntegerAt, keysAt } from "./_paths.ts";
import { nearest } from "../_nearest.ts";

type PathSegment = PropertyKey;

/** `model.hidden`, `corpus.split[1]`, `grid["model.hidden"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(segment))) {
      out += out ? `.${String(segment)}` : String(segment);
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out || "(top level)";
}

/** A short rendering of a config value for "got …". */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON would print Infinity and NaN as null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  const shown = json.length > 40 ? `${json.slice(0, 37)}...` : json;
  if (Array.isArray(value)) return `an array ${shown}`;
  if (value === null) return "null";
  if (typeof value === "object") return `an object ${shown}`;
  if (typeof value === "string") return `the string ${shown}`;
  return shown;
}

const EXPECTED: Record<string, string> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  tuple: "an array",
  record: "an object",
};

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function defaultFix(task: unknown, path: readonly PathSegment[]): string {
  const fallback = path.some((s) => typeof s !== "string") ? undefined : defaultAt(
    task,
    path as string[],
  );
  return fallback !== undefined && typeof fallback !== "object"
    ? `use e.g. ${JSON.stringify(fallback)} (the default)`
    : "correct the value";
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, low: boolean) {
  const limit = String(low ? issue.minimum : issue.maximum);
  if (low) return issue.inclusive ? `≥ ${limit}` : `> ${limit}`;
  return issue.inclusive ? `≤ ${limit}` : `< ${limit}`;
}

/**
 * One line for a zod issue. `data` is the validated input (for "got …"); `source` may name where
 * the offending value came from (a `--set`, the quick profile, a grid entry) for a given path.
 */
export function issueToInputError(
  issue: z.core.$ZodIssue,
  file: string,
  task: unknown,
  data: unknown,
  source?: (path: readonly PathSegment[]) => string | undefined,
): InputError {
  const path = issue.path;
  const at = (p: readonly PathSegment[]) => {
    const from = source?.(p);
    return `${file}: ${formatPath(p)}${from ? ` (from ${from})` : ""}`;
  };
  const got = describeValue(valueAt(data, path));
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0];
      const valid = keysAt(task, path as PathSegment[] as (string | number)[]);
      const guess = nearest(key, valid);
      const fix = guess
        ? `did you mean ${formatPath([...path, guess])}?`
        : valid.length
        ? `valid keys here: ${valid.join(", ")}`
        : "remove it";
      return new InputError(at([...path, key]), "unknown key", fix);
    }
    case "invalid_type": {
      const value = valueAt(data, path);
      const integer = issue.expected === "number" &&
        isIntegerAt(task, path as PathSegment[] as (string | number)[]);
      // JSON has no Infinity or NaN, but --set 1e999 parses to Infinity.
      const expected = typeof value === "number" && !Number.isFinite(value)
        ? "a finite number"
        : integer
        ? "an integer"
        : EXPECTED[issue.expected] ?? issue.expected;
      if (value === undefined) {
        return new InputError(at(path), `missing (expected ${expected})`, "add it");
      }
      return new InputError(
        at(path),
        `expected ${expected}, got ${got}`,
        defaultFix(task, path),
      );
    }
    case "too_small":
    case "too_big": {
      const low = issue.code === "too_small";
      let problem: string;
      if (issue.origin === "array" || issue.origin === "set") {
        problem = `needs ${low ? "at least" : "at most"} ${
          String(low ? issue.minimum : issue.maximum)
        } item(s), got ${got}`;
      } else if (issue.origin === "string") {
        problem = low && Number(issue.minimum) === 1
          ? "must not be empty"
          : `length must be ${bound(issue, low)}, got ${got}`;
      } else {
        problem = `must be ${bound(issue, low)}, got ${got}`;
      }
      return new InputError(at(path), problem, defaultFix(task, path));
    }
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v));
      const value = valueAt(data, path);
      const guess = typeof value === "string"
        ? nearest(value, issue.values.map(String))
        : undefined;
      return new InputError(
        at(path),
        `must be ${options.length === 1 ? options[0] : `one of ${options.join(", ")}`}, got ${got}`,
        guess ? `did you mean ${JSON.stringify(guess)}?` : "use one of those",
      );
    }
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? [])
          .filter((o) => o !== null && o !== undefined).map(String);
        return new InputError(
          at(path),
          `unknown ${discriminator} ${got}`,
          `use one of: ${options.join(", ")}`,
        );
      }
      return new InputError(at(path), `invalid value ${got}`, defaultFix(task, path));
    }
    default: {
      // A refinement may carry its own fix in params.fix (see tasks/charlm.ts).
      const fix = (issue as { params?: { fix?: unknown } }).params?.fix;
      return new InputError(
        at(path),
        issue.message,
        typeof fix === "string" ? fix : defaultFix(task, path),
      );
    }
  }
}
