/**
 * `deno task schema [--check]`: write `experiments/schema.json` from the zod schema (or, with
 * `--check`, exit 1 when the committed file is stale).
 * @module
 */
import { experimentJsonSchema, EXPERIMENTS_DIR } from "../config/mod.ts";

/** The schema file's text: 2-space JSON, as `deno fmt` leaves it. */
export function schemaFileText(): string {
  return `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  const path = `${EXPERIMENTS_DIR}schema.json`;
  const text = schemaFileText();
  if (Deno.args.includes("--check")) {
    let current = "";
    try {
      current = await Deno.readTextFile(path);
    } catch {
      // Missing counts as stale.
    }
    if (JSON.stringify(JSON.parse(current || "null")) !== JSON.stringify(JSON.parse(text))) {
      console.error(`${path} is stale; run deno task schema`);
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(path, text);
    console.error(`wrote ${path}`);
  }
}
