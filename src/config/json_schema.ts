/**
 * The JSON Schema of experiment files, generated from the zod schema so editors complete and check
 * keys. Written to `experiments/schema.json` by `deno task schema`.
 * @module
 */
import { z } from "zod";
import { allPaths, NOT_PER_RUN } from "./_paths.ts";
import { experimentSchema, TASKS } from "./schema.ts";

type JsonObject = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12) of an experiment file as written (defaults make keys optional). The
 * keys of `grid`, `quick` and each `runs` entry are limited to the key paths a run may vary, so
 * editors complete and check them too.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { experimentJsonSchema } from "./json_schema.ts";
 * const schema = experimentJsonSchema();
 * assert(JSON.stringify(schema).includes('"hidden"'));
 * ```
 */
export function experimentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(experimentSchema, { io: "input", unrepresentable: "any" });
  const options = (schema as { oneOf: { properties: Record<string, JsonObject> }[] }).oneOf;
  options.forEach((option, i) => {
    const paths = allPaths(TASKS[i]).filter((p) => !NOT_PER_RUN.has(p.split(".")[0]));
    const propertyNames = { enum: paths };
    option.properties.grid.propertyNames = propertyNames;
    option.properties.quick.propertyNames = propertyNames;
    (option.properties.runs.items as JsonObject).propertyNames = propertyNames;
  });
  return {
    ...schema,
    title: "rnnlab experiment",
    description: "An rnnlab experiment file (experiments/*.jsonc).",
  };
}
