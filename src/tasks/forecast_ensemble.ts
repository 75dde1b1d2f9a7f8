/**
 * Seed-group ensembles of forecast runs (`forecast.ensemble: "mean"`): the runs that differ only in
 * `training.seed` form a group, and the group gets one more model whose forecast at every window is
 * the mean of its members' forecasts (each member at its scored checkpoint). Its conformal
 * intervals come from the residuals of the members' mean validation forecasts; it is scored like
 * every other model. Each run keeps its forecasts in its folder ({@link FORECASTS_FILE}); the
 * ensembles are formed whenever the experiment's summary is assembled from its runs (after every
 * run, with `--jobs N`, and by `deno task merge`), so they never depend on where a run trained.
 * @module
 */
import { type ModelScore, scoreForecast } from "../baselines/mod.ts";
import { seedGroup } from "../config/grid.ts";
import { InputError } from "../errors.ts";

/** The file in a run's folder with its per-window forecasts. */
export const FORECASTS_FILE = "forecasts.json";
const FORMAT = "rnnlab-forecasts";

/** One series' forecasts of one run: flat `[windows × horizon]`, original units. */
export interface SeriesForecasts {
  series: string;
  target: string;
  lookback: number;
  horizon: number;
  /** Test and validation forecasts (NaN where the model produced a non-finite value). */
  test: ArrayLike<number>;
  val: ArrayLike<number>;
  /** Their targets. */
  actual: ArrayLike<number>;
  valActual: ArrayLike<number>;
}

/**
 * The text of a run's {@link FORECASTS_FILE} (non-finite forecasts as null).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastsFile, readForecastsFile } from "./forecast_ensemble.ts";
 * const s = { series: "s", target: "y", lookback: 2, horizon: 1, test: [1, NaN], val: [0.5],
 *   actual: [1, 2], valActual: [1] };
 * const [back] = readForecastsFile(forecastsFile("r", [s]))!;
 * assert(back.test[0] === 1 && Number.isNaN(back.test[1]) && back.valActual[0] === 1);
 * ```
 */
export function forecastsFile(run: string, series: readonly SeriesForecasts[]): string {
  const list = (xs: ArrayLike<number>) => Array.from(xs, (x) => (Number.isFinite(x) ? x : null));
  return JSON.stringify({
    format: FORMAT,
    version: 1,
    run,
    series: series.map((s) => ({
      series: s.series,
      target: s.target,
      lookback: s.lookback,
      horizon: s.horizon,
      test: list(s.test),
      val: list(s.val),
      actual: list(s.actual),
      valActual: list(s.valActual),
    })),
  }) + "\n";
}

/** The series of a {@link forecastsFile} text; null when there is none or it is not one. */
export function readForecastsFile(text: string | null): SeriesForecasts[] | null {
  if (text === null) return null;
  let parsed: { format?: unknown; series?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed?.format !== FORMAT || !Array.isArray(parsed.series)) return null;
  const numbers = (xs: unknown) =>
    Float64Array.from(Array.isArray(xs) ? xs : [], (x) => (typeof x === "number" ? x : NaN));
  return parsed.series.map((s: Record<string, unknown>) => ({
    series: String(s.series),
    target: String(s.target),
    lookback: Number(s.lookback),
    horizon: Number(s.horizon),
    test: numbers(s.test),
    val: numbers(s.val),
    actual: numbers(s.actual),
    valActual: numbers(s.valActual),
  }));
}

/**
 * The element-wise mean of equally long forecasts (summed in the order given).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { meanForecast } from "./forecast_ensemble.ts";
 * assert(meanForecast([[1, 2], [3, 6]]).join() === "2,4");
 * ```
 */
export function meanForecast(members: readonly ArrayLike<number>[]): Float64Array {
  if (members.length === 0) throw new RangeError("a mean forecast needs at least one member");
  const n = members[0].length;
  const out = new Float64Array(n);
  for (const m of members) {
    if (m.length !== n) throw new RangeError(`forecasts of ${n} and ${m.length} values`);
    for (let i = 0; i < n; i++) out[i] += m[i];
  }
  for (let i = 0; i < n; i++) out[i] /= members.length;
  return out;
}

/** An ensemble in a series' model list: scored like every model, with its members. */
export interface EnsembleModel extends ModelScore {
  kind: "ensemble";
  /** The seed group (the members' id without their `seed=N` label). */
  group: string;
  /** The runs averaged, in the experiment's order. */
  members: string[];
}

/** What the ensembles read of one series of a run's summary entry. */
export interface EnsembleSeriesEntry {
  series: string;
  target: string;
  lookback: number;
  horizon: number;
  /** MASE's scale (absent in outputs written before the ensembles, which never ask for one). */
  maseScale?: number;
  smapeUndefined: string | null;
  /** The baselines' scores (naive2's for OWA). */
  baselines: Pick<ModelScore, "name" | "smape" | "mase">[];
  /** `forecast.ensemble` of the run (absent in outputs written before the key). */
  ensemble?: "none" | "mean";
  /** The run's model: its name (the cell kind) names the ensemble. */
  model: { name: string };
}

/** What the ensembles read of a run's summary entry. */
export interface EnsembleRunEntry {
  id: string;
  status?: string;
  forecast?: EnsembleSeriesEntry;
  forecasts?: EnsembleSeriesEntry[];
}

/** One ensemble of one series, with the series it belongs to. */
export interface SeriesEnsemble {
  series: string;
  target: string;
  lookback: number;
  horizon: number;
  model: EnsembleModel;
}

/** `summary.json`'s `ensemble`: the method, and per seed group which runs were averaged. */
export interface EnsembleFacts {
  /** `forecast.ensemble` of the runs (`mean` if any run asks for it). */
  method: "none" | "mean";
  groups: {
    group: string;
    /** Every run of the group. */
    runs: string[];
    /** The runs averaged (empty where fewer than 2 could be). */
    members: string[];
    /** Runs left out, and why (not finished, non-finite forecasts, no forecasts file). */
    excluded: { run: string; reason: string }[];
  }[];
}

/** Reads a file of a run's folder: the text, or null when it does not exist. */
export type RunFileReader = (run: string, name: string) => string | null;

const seriesKey = (s: Pick<SeriesForecasts, "series" | "target" | "lookback" | "horizon">) =>
  JSON.stringify([s.series, s.target, s.lookback, s.horizon]);

const allFinite = (xs: ArrayLike<number>) => Array.prototype.every.call(xs, Number.isFinite);

/**
 * The ensembles of every seed group whose runs ask for one (`forecast.ensemble: "mean"`): for each
 * series, the mean of the finished members' forecasts (read with `read` from their
 * {@link FORECASTS_FILE}) scored against the series' targets, MASE scale and naive2 (from the
 * members' summary entries). A group needs 2 members with finite forecasts; runs left out are
 * listed with the reason. Named `<cell>-ens<members>`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastsFile, seedEnsembles } from "./forecast_ensemble.ts";
 * const entry = { series: "s", target: "y", lookback: 2, horizon: 1, maseScale: 1,
 *   smapeUndefined: null, baselines: [], ensemble: "mean" as const, model: { name: "gru" } };
 * const files: Record<string, string> = {};
 * for (const [id, test] of [["gru-seed=1", [1, 3]], ["gru-seed=2", [3, 1]]] as const) {
 *   files[id] = forecastsFile(id, [{ ...entry, test, val: test, actual: [2, 2], valActual: [2, 2] }]);
 * }
 * const runs = ["gru-seed=1", "gru-seed=2"].map((id) => ({ id, status: "finished", forecast: entry }));
 * const { facts, models } = seedEnsembles(runs, (run) => files[run] ?? null);
 * assert(models[0].model.name === "gru-ens2" && models[0].model.mae === 0); // each member's MAE is 1
 * assert(facts.method === "mean" && facts.groups[0].members.length === 2);
 * ```
 */
export function seedEnsembles(
  runs: readonly EnsembleRunEntry[],
  read: RunFileReader,
): { facts: EnsembleFacts; models: SeriesEnsemble[] } {
  const entriesOf = (run: EnsembleRunEntry) => [
    ...(run.forecast ? [run.forecast] : []),
    ...(run.forecasts ?? []),
  ];
  const groups = new Map<string, EnsembleRunEntry[]>();
  for (const run of runs) {
    if (!entriesOf(run).some((e) => e.ensemble === "mean")) continue;
    const id = seedGroup(run.id) ?? run.id;
    groups.set(id, [...(groups.get(id) ?? []), run]);
  }
  const facts: EnsembleFacts = { method: groups.size ? "mean" : "none", groups: [] };
  const models: SeriesEnsemble[] = [];
  for (const [group, members] of groups) {
    const excluded: { run: string; reason: string }[] = [];
    const usable: { run: EnsembleRunEntry; files: Map<string, SeriesForecasts> }[] = [];
    for (const run of members) {
      const reason = exclusion(run, read, usable[0]?.files);
      if (typeof reason === "string") excluded.push({ run: run.id, reason });
      else usable.push({ run, files: reason });
    }
    const averaged = usable.length >= 2 ? usable.map((u) => u.run.id) : [];
    facts.groups.push({ group, runs: members.map((r) => r.id), members: averaged, excluded });
    if (!averaged.length) continue;
    for (const entry of entriesOf(usable[0].run)) {
      const key = seriesKey(entry);
      const forecasts = usable.map((u) => u.files.get(key)!);
      const test = meanForecast(forecasts.map((f) => f.test));
      const val = meanForecast(forecasts.map((f) => f.val));
      const score = scoreForecast(
        {
          actual: Float64Array.from(forecasts[0].actual),
          valActual: Float64Array.from(forecasts[0].valActual),
          horizon: entry.horizon,
          smapeUndefined: entry.smapeUndefined,
          seasonality: { maseScale: entry.maseScale ?? NaN },
          baselines: entry.baselines,
        },
        test,
        val,
      );
      const { series, target, lookback, horizon } = entry;
      models.push({
        series,
        target,
        lookback,
        horizon,
        model: {
          name: `${entry.model.name}-ens${averaged.length}`,
          kind: "ensemble",
          ...score,
          group,
          members: averaged,
        },
      });
    }
  }
  return { facts, models };
}

/**
 * Why `run` cannot be averaged, or its forecasts by series: it must have finished, and its
 * forecasts file must hold finite forecasts of every series of its entry, on the same windows as
 * the first usable member's (`like`).
 */
function exclusion(
  run: EnsembleRunEntry,
  read: RunFileReader,
  like?: Map<string, SeriesForecasts>,
): string | Map<string, SeriesForecasts> {
  if (run.status === "interrupted") return "it was interrupted";
  if (run.status !== undefined && run.status !== "finished") return `it ${run.status}`;
  const file = readForecastsFile(read(run.id, FORECASTS_FILE));
  if (!file) return `no readable ${FORECASTS_FILE} in its folder`;
  const byKey = new Map(file.map((s) => [seriesKey(s), s]));
  const entries = [...(run.forecast ? [run.forecast] : []), ...(run.forecasts ?? [])];
  for (const entry of entries) {
    const s = byKey.get(seriesKey(entry));
    if (!s) return `its ${FORECASTS_FILE} lacks series ${entry.series}`;
    if (!allFinite(s.test) || !allFinite(s.val)) {
      return `non-finite forecasts on series ${entry.series}`;
    }
    const first = like?.get(seriesKey(entry));
    if (
      like && (!first || first.test.length !== s.test.length || first.val.length !== s.val.length)
    ) {
      return `its windows of series ${entry.series} differ from the group's first member's`;
    }
  }
  return byKey;
}

/**
 * Check, before anything runs, that every run asking for `forecast.ensemble: "mean"` has a seed
 * group of 2 or more runs to average (a grid axis over `training.seed`).
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { checkEnsembleRuns } from "./forecast_ensemble.ts";
 * const run = (id: string) => ({ id, config: { forecast: { ensemble: "mean" } } });
 * checkEnsembleRuns([run("lstm-seed=1"), run("lstm-seed=2")], "x.jsonc");
 * assertThrows(() => checkEnsembleRuns([run("lstm")], "x.jsonc"), Error, "forecast.ensemble");
 * ```
 */
export function checkEnsembleRuns(
  runs: readonly { id: string; config: { forecast?: { ensemble?: string } } }[],
  file: string,
): void {
  const sizes = new Map<string, number>();
  for (const run of runs) {
    const group = seedGroup(run.id) ?? run.id;
    sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  const alone = runs.find((r) =>
    r.config.forecast?.ensemble === "mean" && sizes.get(seedGroup(r.id) ?? r.id)! < 2
  );
  if (alone) {
    throw new InputError(
      `${file}: forecast.ensemble`,
      `is "mean", but run ${alone.id} has no seed group to average (no grid axis ` +
        `"training.seed" with 2 or more seeds)`,
      'add one, e.g. "grid": { "training.seed": [1, 2, 3] }, or set forecast.ensemble to "none"',
    );
  }
}
