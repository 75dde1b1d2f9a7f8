import { assertEquals } from "@std/assert";
import { NodeIndex } from "../../src/baselines/_node_index.ts";
import { mulberry32 } from "../../src/_random.ts";

Deno.test("NodeIndex: the same answers as a Map through many growths", () => {
  const random = mulberry32(11);
  const index = new NodeIndex(4);
  const map = new Map<string, number>();
  for (let node = 0; node < 50_000; node++) {
    const parent = Math.floor(random() * 20_000);
    const id = Math.floor(random() * 97);
    if (map.has(`${parent} ${id}`)) continue;
    map.set(`${parent} ${id}`, node);
    index.set(parent, id, node);
  }
  assertEquals(index.size, map.size);
  for (const [key, node] of map) {
    const [parent, id] = key.split(" ").map(Number);
    assertEquals(index.get(parent, id), node);
  }
  // Pairs never stored.
  for (let trial = 0; trial < 1000; trial++) {
    const parent = 20_000 + trial;
    assertEquals(index.get(parent, trial % 97), -1);
  }
});
