/**
 * Hand-written validation of a pre-aggregated event (`type: "aggregate"`): what an
 * SDK folded in process for one (program, version, segments, time window). It is merged
 * into the same windows as raw events, so it must be exactly as trustworthy:
 * integer counts, finite sums, counts that agree with each other, and sketches of
 * the server's accuracy whose bins the server can add bin for bin. Every problem
 * names its field, like the raw events' errors.
 */
import { DDSketch } from "@datadog/sketches-js";
import type { MeanStats } from "../../core/stats/sufficient-stats.js";
import type { QuantileSketchData, SketchBins } from "../../core/stats/quantile-sketch.js";
import type { UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import type { ValueStats } from "../../core/telemetry/variant-window.js";
import {
  isEventName,
  isFeatureName,
  isFiniteNumber,
  isRecord,
  MAX_AGGREGATE_UNITS,
  MAX_ID_LENGTH,
  MAX_NAMES_PER_WINDOW,
  MAX_SKETCH_BINS,
  MAX_UNIT_EVENTS,
  SKETCH_ACCURACY,
} from "../../core/wire/telemetry-rules.js";
import type { AggregateWindow } from "./events.js";

const mapping = new DDSketch({ relativeAccuracy: SKETCH_ACCURACY }).mapping;
/** Keys of the smallest and largest values the mapping can hold: offsets outside are not a sketch this server made. */
const MIN_KEY = mapping.key(mapping.minPossible);
const MAX_KEY = mapping.key(mapping.maxPossible);

/** Thrown inside this module only, caught by validateAggregate: keeps the many checks flat. */
class Problem {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}
const fail = (path: string, message: string): never => {
  throw new Problem(path, message);
};

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function keysOnly(v: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, `is not a field here (allowed: ${allowed.join(", ")})`);
}

function count(v: unknown, path: string): number {
  if (v === undefined) return 0;
  if (!isCount(v)) fail(path, "must be an integer ≥ 0");
  return v as number;
}

function bins(v: unknown, path: string, required: boolean): SketchBins | undefined {
  if (v === undefined && !required) return undefined;
  if (!isRecord(v)) return fail(path, "must be { offset, counts }");
  keysOnly(v, path, ["offset", "counts"]);
  const { offset, counts } = v;
  if (!Number.isSafeInteger(offset)) fail(`${path}.offset`, "must be an integer (the key of counts[0])");
  if (!Array.isArray(counts)) return fail(`${path}.counts`, "must be an array of integer counts");
  if (counts.length > MAX_SKETCH_BINS) fail(`${path}.counts`, `must hold at most ${MAX_SKETCH_BINS} bins`);
  const o = offset as number;
  if (counts.length > 0 && (o < MIN_KEY || o + counts.length - 1 > MAX_KEY))
    fail(`${path}.offset`, `keys must lie in [${MIN_KEY}, ${MAX_KEY}]`);
  for (let i = 0; i < counts.length; i++) if (!isCount(counts[i])) fail(`${path}.counts.${i}`, "must be an integer ≥ 0");
  return { offset: o, counts: (counts as number[]).slice() };
}

const binTotal = (b: SketchBins | undefined): number => (b ? b.counts.reduce((s, c) => s + c, 0) : 0);

/** A sketch of the server's accuracy; returns it with the number of values it holds. */
function sketch(v: unknown, path: string, allowNegative: boolean): { data: QuantileSketchData; total: number } {
  if (!isRecord(v)) return fail(path, "must be a sketch { relativeAccuracy, zeroCount, positive: { offset, counts }, negative? }");
  keysOnly(v, path, ["relativeAccuracy", "zeroCount", "positive", "negative"]);
  if (v.relativeAccuracy !== SKETCH_ACCURACY)
    fail(`${path}.relativeAccuracy`, `must be ${SKETCH_ACCURACY}, the server's sketch accuracy (bins are merged key for key)`);
  const zeroCount = count(v.zeroCount, `${path}.zeroCount`);
  const positive = bins(v.positive, `${path}.positive`, true)!;
  const negative = bins(v.negative, `${path}.negative`, false);
  if (!allowNegative && binTotal(negative) > 0) fail(`${path}.negative`, "must be empty: these values are never negative");
  const data: QuantileSketchData = { relativeAccuracy: SKETCH_ACCURACY, zeroCount, positive };
  if (negative && negative.counts.length > 0) data.negative = negative;
  return { data, total: zeroCount + binTotal(positive) + binTotal(negative) };
}

/** n, Σx, Σx² that can come from real values: n = 0 means no sums; Σ² ≤ n·Σx² (Cauchy–Schwarz, with rounding room). */
function mean(v: unknown, path: string, allowed: readonly string[]): MeanStats & { raw: Record<string, unknown> } {
  if (v === undefined) return { n: 0, sum: 0, sumSquares: 0, raw: {} };
  if (!isRecord(v)) return fail(path, `must be { ${allowed.join(", ")} }`);
  keysOnly(v, path, allowed);
  const n = count(v.n, `${path}.n`);
  const sum = v.sum === undefined ? 0 : isFiniteNumber(v.sum) ? v.sum : fail(`${path}.sum`, "must be a finite number");
  const sumSquares =
    v.sumSquares === undefined
      ? 0
      : isFiniteNumber(v.sumSquares) && v.sumSquares >= 0
        ? v.sumSquares
        : fail(`${path}.sumSquares`, "must be a finite number ≥ 0");
  if (n === 0 && (sum !== 0 || sumSquares !== 0)) fail(`${path}.n`, "is 0, so sum and sumSquares must be 0");
  if (sum * sum > n * sumSquares * (1 + 1e-9) + 1e-12) fail(`${path}.sumSquares`, "is too small for sum and n (sum² ≤ n · sumSquares)");
  // Optional Σ(x − x̄)² (Welford): exact where Σx² − (Σx)²/n cancels; it can never exceed Σx².
  if (v.m2 === undefined) return { n, sum, sumSquares, raw: v };
  if (!isFiniteNumber(v.m2) || v.m2 < 0) return fail(`${path}.m2`, "must be a finite number ≥ 0");
  if (n === 0 && v.m2 !== 0) fail(`${path}.m2`, "must be 0 when n is 0");
  if (v.m2 > sumSquares * (1 + 1e-9) + 1e-12) fail(`${path}.m2`, "exceeds sumSquares (m2 = Σ(x − x̄)² ≤ Σx²)");
  return { n, sum, sumSquares, m2: v.m2, raw: v };
}

type SketchRule = "equal" | "at-most";
/** Value statistics; the sketch holds `n` values ("equal") or those that carried a value ("at-most"). */
function values(v: unknown, path: string, rule: SketchRule, allowNegative: boolean): ValueStats {
  const m = mean(v, path, ["n", "sum", "sumSquares", "m2", "sketch"]);
  let data: QuantileSketchData | null = null;
  if (m.raw.sketch !== undefined && m.raw.sketch !== null) {
    const s = sketch(m.raw.sketch, `${path}.sketch`, allowNegative);
    if (rule === "equal" ? s.total !== m.n : s.total > m.n)
      fail(`${path}.sketch`, `holds ${s.total} values, ${rule === "equal" ? "must hold exactly" : "must hold at most"} n = ${m.n}`);
    data = s.total > 0 ? s.data : null;
  } else if (rule === "equal" && m.n > 0) fail(`${path}.sketch`, "is required when n > 0 (quantiles are read from it)");
  return { n: m.n, sum: m.sum, sumSquares: m.sumSquares, ...(m.m2 !== undefined ? { m2: m.m2 } : {}), sketch: data };
}

function named(v: unknown, path: string, what: "event" | "feature", rule: SketchRule): Record<string, ValueStats> {
  const out: Record<string, ValueStats> = {};
  if (v === undefined) return out;
  if (!isRecord(v)) return fail(path, `must map ${what} names to { n, sum, sumSquares, sketch }`);
  const names = Object.keys(v);
  if (names.length > MAX_NAMES_PER_WINDOW) fail(path, `must hold at most ${MAX_NAMES_PER_WINDOW} ${what}s`);
  for (const name of names) {
    if (!(what === "event" ? isEventName(name) : isFeatureName(name))) fail(`${path}.${name}`, `is not a valid ${what} name`);
    out[name] = values(v[name], `${path}.${name}`, rule, what === "feature");
  }
  return out;
}

export function aggregateWindow(v: unknown, path: string): AggregateWindow {
  if (!isRecord(v)) return fail(path, "must be an object (requests, errors, latency, cost, events, features, exposures)");
  keysOnly(v, path, ["exposures", "requests", "errors", "latency", "cost", "events", "features"]);
  const requests = count(v.requests, `${path}.requests`);
  const errors = count(v.errors, `${path}.errors`);
  if (errors > requests) fail(`${path}.errors`, `must be at most requests (${requests})`);
  const latency = values(v.latency, `${path}.latency`, "equal", false);
  if (latency.n > requests) fail(`${path}.latency.n`, `must be at most requests (${requests})`);
  if (latency.sum < 0) fail(`${path}.latency.sum`, "must be ≥ 0 (latencies are never negative)");
  const { raw: _raw, ...cost } = mean(v.cost, `${path}.cost`, ["n", "sum", "sumSquares", "m2"]);
  if (cost.n > requests) fail(`${path}.cost.n`, `must be at most requests (${requests})`);
  return {
    exposures: count(v.exposures, `${path}.exposures`),
    requests,
    errors,
    latency,
    cost,
    events: named(v.events, `${path}.events`, "event", "at-most"),
    features: named(v.features, `${path}.features`, "feature", "equal"),
  };
}

function unitTotals(v: unknown, path: string): UnitTotals {
  if (!isRecord(v)) return fail(path, "must be { exposed, requests, errors, cost, events }");
  keysOnly(v, path, ["exposed", "requests", "errors", "cost", "events"]);
  if (v.exposed !== undefined && typeof v.exposed !== "boolean") fail(`${path}.exposed`, "must be true or false");
  const requests = count(v.requests, `${path}.requests`);
  const errors = count(v.errors, `${path}.errors`);
  if (errors > requests) fail(`${path}.errors`, `must be at most requests (${requests})`);
  const cost = v.cost === undefined ? 0 : isFiniteNumber(v.cost) ? v.cost : fail(`${path}.cost`, "must be a finite number");
  const events: Record<string, [number, number]> = {};
  if (v.events !== undefined) {
    if (!isRecord(v.events)) fail(`${path}.events`, "must map event names to [count, sum of values]");
    const entries = Object.entries(v.events as Record<string, unknown>);
    if (entries.length > MAX_UNIT_EVENTS) fail(`${path}.events`, `must hold at most ${MAX_UNIT_EVENTS} events`);
    for (const [name, pair] of entries) {
      if (!isEventName(name)) fail(`${path}.events.${name}`, "is not a valid event name");
      if (!Array.isArray(pair) || pair.length !== 2 || !isCount(pair[0]) || !isFiniteNumber(pair[1]))
        fail(`${path}.events.${name}`, "must be [count (integer ≥ 0), sum of values (finite)]");
      events[name] = [(pair as number[])[0]!, (pair as number[])[1]!];
    }
  }
  return { exposed: v.exposed === true, requests, errors, cost, events };
}

/** Per-unit totals by unit id, as [unitId, totals] pairs (a unit id may be any string, even "__proto__"). */
export function aggregateUnits(v: unknown, path: string): Array<[string, UnitTotals]> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) return fail(path, "must map unit ids to { exposed, requests, errors, cost, events }");
  const ids = Object.keys(v);
  if (ids.length > MAX_AGGREGATE_UNITS) fail(path, `must hold at most ${MAX_AGGREGATE_UNITS} units (send the rest in another aggregate)`);
  return ids.map((id) => {
    if (id.length === 0 || id.length > MAX_ID_LENGTH) fail(`${path}.${id}`, `unit ids must be 1 to ${MAX_ID_LENGTH} characters`);
    return [id, unitTotals(v[id], `${path}.${id}`)];
  });
}

/** Runs `check`, turning a Problem into { path, message }. */
export function checkAggregate<T>(check: () => T): { ok: true; value: T } | { ok: false; problem: { path: string; message: string } } {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, problem: { path: error.path, message: error.message } };
    throw error;
  }
}
