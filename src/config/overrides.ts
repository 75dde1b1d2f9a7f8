/**
 * Key-path overrides: `setPath(config, "model.hidden", 256)` and `--set model.hidden=256`.
 * @module
 */
import { InputError } from "../errors.ts";

/** A parsed `--set key.path=value`. */
export interface SetOverride {
  /** Dotted key path, e.g. `training.steps`. */
  path: string;
  /** The value: parsed as JSON when it parses, else the raw string. */
  value: unknown;
  /** The original `key.path=value` text, for error messages. */
  text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value at a dotted key path, or undefined where the path runs out.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { getPath } from "./overrides.ts";
 * assert(getPath({ model: { hidden: 64 } }, "model.hidden") === 64);
 * assert(getPath({ model: 1 }, "model.hidden") === undefined);
 * ```
 */
export function getPath(obj: unknown, path: string): unknown {
  let current = obj;
  for (const key of path.split(".")) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * A copy of `obj` with `value` (deep-copied) at the dotted key path. Objects along the path are
 * copied, not mutated; missing ones (or non-objects in the way) become `{}`. An object value
 * replaces the old one whole: `setPath(c, "training.clip", {mode: "none"})` drops the old threshold.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { setPath } from "./overrides.ts";
 * const base = { model: { cell: "lstm", hidden: 128 } };
 * const changed = setPath(base, "model.hidden", 256);
 * assert(JSON.stringify(changed) === '{"model":{"cell":"lstm","hidden":256}}');
 * assert(base.model.hidden === 128);
 * ```
 */
export function setPath(
  obj: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [key, ...rest] = path.split(".");
  const copy = { ...obj };
  const next = rest.length === 0
    ? structuredClone(value)
    : setPath(isRecord(obj[key]) ? obj[key] : {}, rest.join("."), value);
  // defineProperty: a "__proto__" segment must stay a plain key.
  Object.defineProperty(copy, key, {
    value: next,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/**
 * Parse one `--set key.path=value`. The value is JSON when it parses (`100`, `true`, `[1,2]`,
 * `{"mode":"none"}`), else the string itself (`lstm`). Only the first `=` splits.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { parseSet } from "./overrides.ts";
 * assert(parseSet("training.steps=100").value === 100);
 * assert(parseSet("model.cell=gru").value === "gru");
 * assert(parseSet("sampling.prime=a=b").value === "a=b");
 * ```
 */
export function parseSet(text: string): SetOverride {
  const equals = text.indexOf("=");
  if (equals === -1) {
    throw new InputError(
      `--set ${text}`,
      "missing '='",
      "write --set key.path=value, e.g. --set training.steps=100",
    );
  }
  const path = text.slice(0, equals).trim();
  if (path === "" || path.split(".").some((segment) => segment === "")) {
    throw new InputError(
      `--set ${text}`,
      `bad key path ${JSON.stringify(path)}`,
      "write dot-separated keys before '=', e.g. --set model.hidden=256",
    );
  }
  const raw = text.slice(equals + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: keep the plain string (e.g. --set model.cell=gru).
  }
  return { path, value, text };
}
