/**
 * What telemetry keeps per (program, version, segment, time bucket): mergeable
 * sufficient statistics, never raw events. Adding two windows is exact (counts
 * and sums add; sketch bins add), so rollups and queries over any span cost the
 * same whatever the event volume.
 */
import { mergeSketchData, type QuantileSketchData } from "../stats/quantile-sketch.js";
import { mergeMeanStats, type ConfusionCounts, type MeanStats } from "../stats/sufficient-stats.js";

export interface ValueStats extends MeanStats {
  /** DDSketch of the values, for quantiles and drift histograms. */
  sketch: QuantileSketchData | null;
}

export interface VariantWindow {
  exposures: number;
  requests: number;
  errors: number;
  latency: ValueStats;
  cost: MeanStats;
  /** Named business events: count and value statistics. */
  events: Record<string, ValueStats>;
  /** Predictions joined with their labels. */
  confusion: ConfusionCounts;
  /** Predictions whose label never came within the label TTL. */
  unlabelled: number;
  /** Feature values, for drift. */
  features: Record<string, ValueStats>;
}

export const emptyMean = (): MeanStats => ({ n: 0, sum: 0, sumSquares: 0, m2: 0 });
export const emptyValues = (): ValueStats => ({ n: 0, sum: 0, sumSquares: 0, m2: 0, sketch: null });

export function emptyWindow(): VariantWindow {
  return {
    exposures: 0,
    requests: 0,
    errors: 0,
    latency: emptyValues(),
    cost: emptyMean(),
    events: {},
    confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
    unlabelled: 0,
    features: {},
  };
}

function mergeSketch(a: QuantileSketchData | null, b: QuantileSketchData | null): QuantileSketchData | null {
  if (!a) return b;
  if (!b) return a;
  return mergeSketchData(a, b);
}

/** a + b, with m2 merged by Chan's formula when both carry it (sufficient-stats.ts). */
export function mergeMean(a: MeanStats, b: MeanStats): MeanStats {
  return mergeMeanStats(a, b);
}

export function mergeValues(a: ValueStats, b: ValueStats): ValueStats {
  return { ...mergeMean(a, b), sketch: mergeSketch(a.sketch, b.sketch) };
}

function mergeRecord(a: Record<string, ValueStats>, b: Record<string, ValueStats>): Record<string, ValueStats> {
  const out: Record<string, ValueStats> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] ? mergeValues(out[k]!, v) : v;
  return out;
}

/** a + b, without mutating either. */
export function mergeWindows(a: VariantWindow, b: VariantWindow): VariantWindow {
  return {
    exposures: a.exposures + b.exposures,
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    latency: mergeValues(a.latency, b.latency),
    cost: mergeMean(a.cost, b.cost),
    events: mergeRecord(a.events, b.events),
    confusion: {
      tp: a.confusion.tp + b.confusion.tp,
      fp: a.confusion.fp + b.confusion.fp,
      tn: a.confusion.tn + b.confusion.tn,
      fn: a.confusion.fn + b.confusion.fn,
    },
    unlabelled: a.unlabelled + b.unlabelled,
    features: mergeRecord(a.features, b.features),
  };
}

/** True when nothing at all was observed. */
export function isEmptyWindow(w: VariantWindow): boolean {
  return (
    w.exposures === 0 &&
    w.requests === 0 &&
    w.latency.n === 0 &&
    Object.keys(w.events).length === 0 &&
    w.confusion.tp + w.confusion.fp + w.confusion.tn + w.confusion.fn === 0 &&
    w.unlabelled === 0 &&
    Object.keys(w.features).length === 0
  );
}
