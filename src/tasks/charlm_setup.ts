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
import { builtRun, type PreparedRun, type SetupContext, type TextBaseline } from "./prepared.ts";
import { fitNgram, ngramBitsPerChar } from "../baselines/ngram.ts";

type CharLmConfig = Extract<RunConfig, { task: "charlm" }>;

interface CorpusData {
  id: string;
  vocab: Vocab;
  trainIds: Int32Array;
  valIds: Int32Array;
  testIds: Int32Array;
  trainWords: Set<string>;
}

/** Load (once per experiment) and check the corpus of a charlm run. */
export async function setupCharLm(run: CharLmConfig, ctx: SetupContext): Promise<PreparedRun> {
  const key = JSON.stringify(run.corpus);
  let data = ctx.cache.get(key) as CorpusData | undefined;
  if (!data) {
    const corpus = await loadCorpus(run.corpus, `${ctx.file}: corpus`);
    const split = splitText(corpus.text, run.corpus.split, `${ctx.file}: corpus.split`);
    const vocab = Vocab.fromText(split.train, run.corpus.unknown);
    data = {
      id: corpus.id,
      vocab,
      trainIds: vocab.encode(split.train),
      valIds: vocab.encode(split.val),
      testIds: vocab.encode(split.test),
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
  const order = run.baselines.ngram.order;
  // Fitted when first asked for, once per corpus and order (the cache is the experiment's).
  const ngram = () => {
    const ngramKey = `${key} ngram ${order}`;
    let fitted = ctx.cache.get(ngramKey) as TextBaseline | undefined;
    if (!fitted) {
      fitted = ngramBaseline(corpus, order);
      ctx.cache.set(ngramKey, fitted);
    }
    return [fitted];
  };
  return {
    ...(order > 0 ? { baselines: ngram } : {}),
    create() {
      const model = new RecurrentModel({
        cell: run.model.cell,
        hidden: run.model.hidden,
        layers: run.model.layers,
        inputSize: run.model.embedding,
        vocabSize: corpus.vocab.size,
        outputSize: corpus.vocab.size,
        dropout: run.model.dropout,
        init: {
          scheme: run.model.init.scheme,
          forgetBias: run.model.forgetBias,
          embedding: run.model.init.embedding,
        },
        seed: run.training.seed,
        implementation: run.implementation,
        name: ctx.runId,
      });
      const task = new CharLmTask({
        model,
        vocab: corpus.vocab,
        trainIds: corpus.trainIds,
        valIds: corpus.valIds,
        testIds: corpus.testIds,
        batch,
        seqLen,
        evalBatches: run.training.evalBatches,
        scoredBatches: run.evaluation.batches,
        resetOnWrap: run.state.resetOnWrap,
        sampling: run.sampling,
        seed: run.training.seed,
        trainWords: corpus.trainWords,
        corpusId: corpus.id,
      });
      return builtRun(task, model);
    },
  };
}

/**
 * The interpolated Kneser–Ney n-gram baseline of a corpus: fit on the training split, scored on the
 * whole validation and test splits (null for an empty test split).
 */
function ngramBaseline(corpus: CorpusData, order: number): TextBaseline {
  const started = performance.now();
  const model = fitNgram(corpus.trainIds, corpus.vocab.size, order);
  return {
    id: `ngram-${order}`,
    kind: "baseline",
    corpus: corpus.id,
    order,
    valBpc: ngramBitsPerChar(model, corpus.valIds),
    testBpc: corpus.testIds.length >= 2 ? ngramBitsPerChar(model, corpus.testIds) : null,
    seconds: (performance.now() - started) / 1000,
  };
}
