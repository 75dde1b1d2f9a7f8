/**
 * Imported first by the model and training tests: puts the process on the product path the
 * environment gives (a system BLAS when one is found; `RNNLAB_BLAS=none` for the wasm fallback),
 * so CI runs the same test files on both paths.
 */
import { resolveProducts } from "../src/backend/mod.ts";

/** The product path these tests run on. */
export const PRODUCTS = resolveProducts("auto", 1, true);
