import { assertEquals, assertThrows } from "@std/assert";
import { getPath, parseSet, setPath } from "../../src/config/mod.ts";
import { InputError } from "../../src/errors.ts";

Deno.test("setPath: copies along the path, creates missing objects, leaves the input alone", () => {
  const base = { model: { cell: "lstm", hidden: 128 }, name: "x" };
  const out = setPath(base, "model.hidden", 256);
  assertEquals(out, { model: { cell: "lstm", hidden: 256 }, name: "x" });
  assertEquals(base.model.hidden, 128);
  assertEquals(setPath({}, "training.clip.mode", "none"), { training: { clip: { mode: "none" } } });
  assertEquals(setPath({ model: 3 }, "model.hidden", 1), { model: { hidden: 1 } });
});

Deno.test("setPath: an object value replaces whole and is copied", () => {
  const value = { mode: "none" };
  const out = setPath(
    { training: { clip: { mode: "norm", threshold: 5 } } },
    "training.clip",
    value,
  );
  assertEquals(out, { training: { clip: { mode: "none" } } });
  value.mode = "value";
  assertEquals(getPath(out, "training.clip.mode"), "none");
});

Deno.test("setPath: __proto__ stays a plain key", () => {
  const out = setPath({}, "__proto__.polluted", 1);
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
  assertEquals(Object.getPrototypeOf(out), Object.prototype);
});

Deno.test("getPath: follows objects, undefined where the path runs out", () => {
  assertEquals(getPath({ a: { b: { c: 1 } } }, "a.b.c"), 1);
  assertEquals(getPath({ a: { b: 1 } }, "a.b.c"), undefined);
  assertEquals(getPath({ a: [1] }, "a.0"), undefined);
});

Deno.test("parseSet: JSON when it parses, else the string", () => {
  assertEquals(parseSet("training.steps=100").value, 100);
  assertEquals(parseSet("model.cell=gru").value, "gru");
  assertEquals(parseSet('model.cell="gru"').value, "gru");
  assertEquals(parseSet("x.y=true").value, true);
  assertEquals(parseSet("grid.model.hidden=[64,128]").value, [64, 128]);
  assertEquals(parseSet('training.clip={"mode":"none"}').value, { mode: "none" });
  assertEquals(parseSet("sampling.prime=a=b"), {
    path: "sampling.prime",
    value: "a=b",
    text: "sampling.prime=a=b",
  });
  assertEquals(parseSet("sampling.prime=").value, "");
});

Deno.test("parseSet: bad input names the --set", () => {
  assertThrows(() => parseSet("training.steps"), InputError, "--set training.steps: missing '='");
  assertThrows(() => parseSet("=3"), InputError, '--set =3: bad key path ""');
  assertThrows(
    () => parseSet("model..hidden=3"),
    InputError,
    "--set model..hidden=3: bad key path",
  );
});
