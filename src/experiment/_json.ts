/**
 * Canonical JSON, for comparing and hashing configs.
 * @module
 */

/** JSON with sorted object keys, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
  );
}
