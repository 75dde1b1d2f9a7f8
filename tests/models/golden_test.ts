import "../_products.ts";
import { CELL_KINDS } from "../../src/models/cells/mod.ts";
import { referenceSequence } from "../../src/models/reference/mod.ts";
import { assertMatchesGolden } from "../_golden.ts";

for (const kind of CELL_KINDS) {
  Deno.test(`reference ${kind} matches PyTorch: outputs, state, every gradient (cpu and wasm)`, () =>
    assertMatchesGolden(kind, referenceSequence, ["cpu", "wasm"]));
}
