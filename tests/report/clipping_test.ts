import { assertEquals, assertStringIncludes } from "@std/assert";
import { clippingSection } from "../../src/report/clipping.ts";
import { clippingStudy, studyId } from "./_clipping_study.ts";

Deno.test("clipping section: rows per clip setting, columns per cell × learning rate, counted over seeds", () => {
  const md = clippingSection(clippingStudy([studyId("rnn", 4, "norm10", 2)]).runs);
  assertStringIncludes(md, "Optimiser sgd; learning rates 2, 4; seeds 1, 2");
  const header = "| clip | rnn, lr 2 | rnn, lr 4 | lstm, lr 2 | lstm, lr 4 |";
  assertEquals(md.split("\n").filter((l) => l === header).length, 2, "stability and gradients");
  const row = (clip: string) => md.split("\n").find((l) => l.startsWith(`| ${clip} |`))!;
  assertEquals(
    row("none"),
    "| none | **diverged in 2 of 2 seeds** (step 7, 7) | **diverged in 2 of 2 seeds** (step 7, 7) " +
      "| diverged in 0 of 2 seeds; val loss 2.200 | diverged in 0 of 2 seeds; val loss 2.200 |",
  );
  assertStringIncludes(row("norm 10"), "| **diverged in 1 of 2 seeds** (step 7); val loss 2.500 |");
  // Where the unclipped gradient exploded, from the runs' gradient statistics.
  assertStringIncludes(md, "The unclipped gradient exploded at: rnn at lr 4.");
  assertStringIncludes(
    md,
    "- rnn at lr 4: the gradient **exploded** in 2 of 2 seeds (max / median ×40.0, ×40.0; " +
      "2 of them diverged).",
  );
  assertStringIncludes(
    md,
    "- rnn at lr 2: no explosion (max / median ×2.5, ×2.5); 2 of 2 seeds diverged without a " +
      "gradient spike: the step size blew up, not the gradient.",
  );
  assertStringIncludes(
    md,
    "- lstm at lr 4: no explosion (max / median ×1.6, ×1.6); calm in every seed.",
  );
  // The exploded ratios are bold in the gradient table; clipped runs say how often they clipped.
  const gradients = (clip: string) => md.split("\n").filter((l) => l.startsWith(`| ${clip} |`))[1];
  assertEquals(
    gradients("none"),
    "| none | ×2.5, ×2.5 | **×40.0**, **×40.0** | ×1.6, ×1.6 | ×1.6, ×1.6 |",
  );
  assertStringIncludes(gradients("norm 10"), "| ×2.5, **×30.0**; clipped 25 % |");
});

Deno.test("clipping section: one learning rate and one seed read as before, without counts", () => {
  const one = clippingStudy().runs.filter((r) => r.learningRate === 4 && r.seed === 1);
  const md = clippingSection(one);
  assertStringIncludes(md, "| clip | rnn | lstm |");
  assertStringIncludes(md, "| none | **diverged** at step 7 | finished; val loss 2.200 |");
  assertStringIncludes(md, "Optimiser sgd; learning rate 4. ");
  assertEquals(clippingSection(one.filter((r) => r.clip.mode === "none")), "");
});
