/**
 * Walking the experiment schema by key path: which paths exist, what their defaults are, and the
 * nearest valid key for a misspelt one.
 * @module
 */
import { nearest } from "../_nearest.ts";
import type { z } from "zod";
import { TASKS, taskSchema } from "./schema.ts";

type AnySchema = z.core.$ZodType;

/** Top-level keys a per-run override (grid, runs, quick) may not touch. */
export const NOT_PER_RUN = new Set(["$schema", "name", "task", "grid", "runs", "quick"]);

/** Strip wrappers that do not change the shape (default, optional, the input side of a pipe …). */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (def.type === "pipe" && def.in) current = def.in;
    else if (def.innerType && def.type !== "lazy" && def.type !== "promise") {
      current = def.innerType;
    } else return current;
  }
}

/** The child schemas of an object schema, or undefined when `schema` is not an object. */
function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const inner = unwrap(schema);
  const def = inner._zod.def as { type: string; shape?: Record<string, AnySchema> };
  return def.type === "object" ? def.shape : undefined;
}

/** The root object schema for a task name (unknown task: the first task's). */
function rootFor(task: unknown): AnySchema {
  return taskSchema(typeof task === "string" ? task : TASKS[0]) ?? taskSchema(TASKS[0])!;
}

/** The schema at `segments`, or undefined when the path does not exist. */
function schemaAt(root: AnySchema, segments: readonly string[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const key of segments) {
    const shape: Record<string, AnySchema> | undefined = current && shapeOf(current);
    current = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!current) return undefined;
  }
  return current;
}

/** Valid keys of the object at `segments` (empty when it is not an object). */
export function keysAt(task: unknown, segments: readonly (string | number)[]): string[] {
  const schema = schemaAt(rootFor(task), segments.map(String));
  const shape = schema && shapeOf(schema);
  return shape ? Object.keys(shape) : [];
}

/** Every key path of a task's config, objects and leaves, e.g. `model`, `model.hidden`. */
export function allPaths(task: unknown): string[] {
  const paths: string[] = [];
  const walk = (schema: AnySchema, prefix: string) => {
    const shape = shapeOf(schema);
    if (!shape) return;
    for (const [key, child] of Object.entries(shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      paths.push(path);
      walk(child, path);
    }
  };
  walk(rootFor(task), "");
  return paths;
}

/** Whether `path` names a key of the task's config. */
export function isPath(task: unknown, path: string): boolean {
  return path !== "" && schemaAt(rootFor(task), path.split(".")) !== undefined;
}

/** Whether `path` may be overridden per run (grid, runs, quick). */
export function isRunPath(task: unknown, path: string): boolean {
  return isPath(task, path) && !NOT_PER_RUN.has(path.split(".")[0]);
}

/** The schema default at `path`, if it has one (the value, not a copy). */
export function defaultAt(task: unknown, segments: readonly (string | number)[]): unknown {
  let schema = schemaAt(rootFor(task), segments.map(String));
  while (schema) {
    const def = schema._zod.def as {
      type: string;
      defaultValue?: unknown;
      innerType?: AnySchema;
      in?: AnySchema;
    };
    if (def.type === "default" || def.type === "prefault") return def.defaultValue;
    schema = def.type === "pipe" ? def.in : def.innerType;
  }
  return undefined;
}

/** Whether the schema at `segments` is an integer (zod reports it as "number" for non-numbers). */
export function isIntegerAt(task: unknown, segments: readonly (string | number)[]): boolean {
  const schema = schemaAt(rootFor(task), segments.map(String));
  if (!schema) return false;
  const def = unwrap(schema)._zod.def as { type: string; format?: string };
  return def.type === "number" && (def.format === "safeint" || def.format === "int32");
}

/** "did you mean X?" for a bad key path, else a list of the valid ones. */
export function pathFix(task: unknown, path: string, perRun = false): string {
  const candidates = allPaths(task).filter((p) => !perRun || !NOT_PER_RUN.has(p.split(".")[0]));
  // Prefer a sibling of the last segment (model.hiden → model.hidden), then any path.
  const segments = path.split(".");
  const parent = segments.slice(0, -1);
  const siblings = keysAt(task, parent).map((k) => [...parent, k].join("."))
    .filter((p) => candidates.includes(p));
  const guess = nearest(path, siblings) ?? nearest(path, candidates);
  if (guess) return `did you mean ${guess}?`;
  const leaves = candidates.filter((p) => keysAt(task, p.split(".")).length === 0);
  return `valid key paths: ${leaves.join(", ")}`;
}
