/**
 * A lecture suite's output folder (`deno task experiment lecture --out DIR`): one full output per
 * experiment in `DIR/<experiment>/`, and `DIR/lecture.md`, the verdict on each claim, written from
 * those folders' `summary.json` alone — by the suite, and again by `deno task report DIR`, so the
 * two are the same file.
 * @module
 */
import { join } from "node:path";
import type { ExperimentSummary } from "./summary.ts";
import {
  type ClaimResult,
  evaluateClaims,
  type LectureInputs,
  lectureMarkdown,
} from "./lecture.ts";
import { readSummary } from "./read.ts";
import { writeReport } from "./write.ts";

/** The suite's experiments, by the {@link LectureInputs} key they fill, in the suite's order. */
export const LECTURE_EXPERIMENTS: Readonly<Record<keyof LectureInputs, string>> = {
  lstmVsRnn: "lstm-vs-rnn",
  clipping: "clipping",
  longMemory: "long-memory",
  lstmInit: "lstm-init",
};

/** The suite's own file in its output folder. */
export const LECTURE_FILE = "lecture.md";

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * Whether `dir` is a lecture suite's output folder: it has `lecture.md`, or (a suite killed before
 * writing it) a folder with `summary.json` for every experiment of the suite.
 */
export async function isLectureFolder(dir: string): Promise<boolean> {
  if (await isFile(join(dir, LECTURE_FILE))) return true;
  return (await lectureParts(dir)).length === Object.keys(LECTURE_EXPERIMENTS).length;
}

/** The suite's experiment folders under `dir` that hold a `summary.json`, in the suite's order. */
export async function lectureParts(
  dir: string,
): Promise<{ key: keyof LectureInputs; name: string; dir: string }[]> {
  const parts = [];
  for (const [key, name] of Object.entries(LECTURE_EXPERIMENTS)) {
    const sub = join(dir, name);
    if (await isFile(join(sub, "summary.json"))) {
      parts.push({ key: key as keyof LectureInputs, name, dir: sub });
    }
  }
  return parts;
}

/**
 * Write `<dir>/lecture.md` from the `summary.json` of each of the suite's experiment folders there
 * (an experiment without one, e.g. after an interruption, is left out and its claims are
 * inconclusive); the quick-profile note comes from the summaries. Returns the claims.
 */
export async function writeLecture(dir: string): Promise<ClaimResult[]> {
  const inputs: LectureInputs = {};
  const sources: Record<string, string> = {};
  let quick = false;
  for (const part of await lectureParts(dir)) {
    const summary = await readSummary(part.dir) as ExperimentSummary;
    inputs[part.key] = summary;
    sources[part.name] = part.name;
    quick ||= summary.quick === true;
  }
  const claims = evaluateClaims(inputs);
  await Deno.writeTextFile(
    join(dir, LECTURE_FILE),
    lectureMarkdown(claims, sources, quick, inputs),
  );
  return claims;
}

/**
 * Rebuild a lecture folder from its files: every experiment's report ({@link writeReport}), then
 * `lecture.md`. Returns the experiment folders rebuilt.
 */
export async function rebuildLecture(dir: string): Promise<string[]> {
  const parts = await lectureParts(dir);
  for (const part of parts) await writeReport(part.dir);
  await writeLecture(dir);
  return parts.map((p) => p.dir);
}
