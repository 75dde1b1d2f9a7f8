/**
 * Setup of a `charlm` run: load and split the corpus, build the vocabulary from the training split,
 * check the splits are large enough, then (on create) the model and the task.
 * @module
 */
import { loadCorpus } from "../data/corpora.ts";
import { splitText } from "../data/split.ts";
import { Vocab } from "../data/vocab.ts";
import { minimumChars } from "../data/batches.ts";
import { InputError } from "../errors.ts";
import { RecurrentModel } from "../models/model.ts";
import type { RunConfig } from "../config/schema.ts";
import { CharLmTask, wordsOf } from "./charlm.ts";
import { builtRun, type PreparedRun, type SetupContext } from "./prepared.ts";

type CharLmConfig = Extract<RunConfig, { task: "charlm" }>;

interface CorpusData {
  id: string;
  vocab: Vocab;
  trainIds: Int32Array;
  valIds: Int32Array;
  trainWords: Set<string>;
}

/** Load (once per experiment) and check the corpus of a charlm run. */
export async function setupCharLm(run: CharLmConfig, ctx: SetupContext): Promise<PreparedRun> {
  const key = JSON.stringify(run.corpus);
  let data = ctx.cache.get(key) as CorpusData | undefined;
  if (!data) {
    const corpus = await loadCorpus(run.corpus, `${ctx.file}: corpus`);
    const split = splitText(corpus.text, run.corpus.split, `${ctx.file}: corpus.split`);
    const vocab = Vocab.fromText(split.train);
    data = {
      id: corpus.id,
      vocab,
      trainIds: vocab.encode(split.train),
      valIds: vocab.encode(split.val),
      trainWords: new Set(wordsOf(split.train)),
    };
    ctx.cache.set(key, data);
  }
  const { batch, seqLen } = run.training;
  const minimum = minimumChars(batch, seqLen);
  for (const [name, ids] of [["training", data.trainIds], ["validation", data.valIds]] as const) {
    if (ids.length < minimum) {
      throw new InputError(
        `${ctx.file}: corpus`,
        `the ${name} split of "${data.id}" has ${ids.length} characters, fewer than batch × (seqLen + 1) = ${minimum} (run "${ctx.runId}")`,
        "use a larger corpus or lower training.batch / training.seqLen",
      );
    }
  }
  const corpus = data;
  return {
    create() {
      const model = new RecurrentModel({
        cell: run.model.cell,
        hidden: run.model.hidden,
        layers: run.model.layers,
        inputSize: run.model.embedding,
        vocabSize: corpus.vocab.size,
        outputSize: corpus.vocab.size,
        dropout: run.model.dropout,
        init: { scheme: run.model.init.scheme, forgetBias: run.model.forgetBias },
        seed: run.training.seed,
        implementation: run.implementation,
        name: ctx.runId,
      });
      const task = new CharLmTask({
        model,
        vocab: corpus.vocab,
        trainIds: corpus.trainIds,
        valIds: corpus.valIds,
        batch,
        seqLen,
        evalBatches: run.training.evalBatches,
        sampling: run.sampling,
        seed: run.training.seed,
        trainWords: corpus.trainWords,
        corpusId: corpus.id,
      });
      return builtRun(task, model);
    },
  };
}
