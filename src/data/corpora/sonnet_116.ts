import type { CorpusSource } from "../corpora.ts";

/** Shakespeare's Sonnet 116 (public domain), the 14 lines quoted in the lecture; for smoke tests. */
export const sonnet116: CorpusSource = {
  id: "sonnet-116",
  description: "Shakespeare's Sonnet 116, 14 lines (~600 chars; smoke tests only)",
  load: () => Deno.readTextFile(new URL("./sonnet-116.txt", import.meta.url)),
};
