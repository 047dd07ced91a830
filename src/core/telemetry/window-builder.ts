/**
 * Builds a VariantWindow from events one at a time, keeping live DDSketches
 * (cheap to add to) and exporting them to mergeable data once at the end.
 * Pre-aggregated windows (an SDK's in-process totals) merge into the same
 * builder: counts and sums add, sketch bins add key for key.
 */
import { DDSketch } from "@datadog/sketches-js";
import { mergeMeanStats, type MeanStats } from "../stats/sufficient-stats.js";
import { toSketchData, type QuantileSketchData, type SketchBins } from "../stats/quantile-sketch.js";
import { SKETCH_ACCURACY } from "../wire/telemetry-rules.js";
import { emptyWindow, type ValueStats, type VariantWindow } from "./variant-window.js";

export { SKETCH_ACCURACY };

/** The part of a window a client can aggregate on its own (predictions need server-side joins). */
export type MergeableWindow = Pick<VariantWindow, "exposures" | "requests" | "errors" | "latency" | "cost" | "events" | "features">;

type Store = DDSketch["store"];

function addBins(store: Store, bins: SketchBins | undefined): number {
  if (!bins) return 0;
  let total = 0;
  const { offset, counts } = bins;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) {
      store.add(offset + i, c);
      total += c;
    }
  }
  return total;
}

const hasCounts = (bins: SketchBins | undefined): boolean => bins !== undefined && bins.counts.some((c) => c > 0);

class LiveValues {
  n = 0;
  sum = 0;
  sumSquares = 0;
  /** Welford's running mean and Σ(x − x̄)² (merges by Chan's formula). */
  mean = 0;
  m2 = 0;
  sketch: DDSketch | null = null;

  add(value: number, withSketch: boolean): void {
    this.n++;
    this.sum += value;
    this.sumSquares += value * value;
    const delta = value - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (value - this.mean);
    if (withSketch) (this.sketch ??= new DDSketch({ relativeAccuracy: SKETCH_ACCURACY })).accept(value);
  }

  /** Adds statistics aggregated elsewhere; a sketch must have this builder's accuracy. */
  merge(stats: MeanStats, sketch: QuantileSketchData | null | undefined): void {
    const merged = mergeMeanStats(this.stats(), stats);
    this.n = merged.n;
    this.sum = merged.sum;
    this.sumSquares = merged.sumSquares;
    this.mean = merged.n > 0 ? merged.sum / merged.n : 0;
    this.m2 = merged.m2 ?? 0;
    if (!sketch || (sketch.zeroCount === 0 && !hasCounts(sketch.positive) && !hasCounts(sketch.negative))) return;
    if (sketch.relativeAccuracy !== SKETCH_ACCURACY)
      throw new RangeError(`a sketch of relative accuracy ${sketch.relativeAccuracy} cannot merge into one of ${SKETCH_ACCURACY}`);
    const live = (this.sketch ??= new DDSketch({ relativeAccuracy: SKETCH_ACCURACY }));
    const added = addBins(live.store, sketch.positive) + addBins(live.negativeStore, sketch.negative);
    live.zeroCount += sketch.zeroCount;
    live.count += added + sketch.zeroCount;
  }

  stats(): MeanStats {
    return { n: this.n, sum: this.sum, sumSquares: this.sumSquares, m2: this.m2 };
  }

  export(): ValueStats {
    return { ...this.stats(), sketch: this.sketch ? toSketchData(this.sketch) : null };
  }
}

export class WindowBuilder {
  exposures = 0;
  requests = 0;
  errors = 0;
  private readonly latency = new LiveValues();
  private readonly cost = new LiveValues();
  private readonly events = new Map<string, LiveValues>();
  private readonly features = new Map<string, LiveValues>();
  readonly confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  unlabelled = 0;

  request(success: boolean, latencyMs: number | undefined, cost: number | undefined): void {
    this.requests++;
    if (!success) this.errors++;
    if (latencyMs !== undefined) this.latency.add(latencyMs, true);
    if (cost !== undefined) this.cost.add(cost, false);
  }

  event(name: string, value: number | undefined): void {
    this.live(this.events, name).add(value ?? 1, value !== undefined);
  }

  feature(name: string, value: number): void {
    this.live(this.features, name).add(value, true);
  }

  labelled(predicted: boolean, actual: boolean): void {
    if (predicted && actual) this.confusion.tp++;
    else if (predicted) this.confusion.fp++;
    else if (actual) this.confusion.fn++;
    else this.confusion.tn++;
  }

  /** Adds a window aggregated elsewhere (e.g. by an SDK), exactly as if its events had been added one by one. */
  merge(w: MergeableWindow): void {
    this.exposures += w.exposures;
    this.requests += w.requests;
    this.errors += w.errors;
    this.latency.merge(w.latency, w.latency.sketch);
    this.cost.merge(w.cost, null);
    for (const [name, v] of Object.entries(w.events)) this.live(this.events, name).merge(v, v.sketch);
    for (const [name, v] of Object.entries(w.features)) this.live(this.features, name).merge(v, v.sketch);
  }

  build(): VariantWindow {
    const w = emptyWindow();
    w.exposures = this.exposures;
    w.requests = this.requests;
    w.errors = this.errors;
    w.latency = this.latency.export();
    const cost = this.cost.export();
    w.cost = { n: cost.n, sum: cost.sum, sumSquares: cost.sumSquares, m2: cost.m2 };
    for (const [k, v] of this.events) w.events[k] = v.export();
    for (const [k, v] of this.features) w.features[k] = v.export();
    w.confusion = { ...this.confusion };
    w.unlabelled = this.unlabelled;
    return w;
  }

  private live(map: Map<string, LiveValues>, name: string): LiveValues {
    let live = map.get(name);
    if (!live) map.set(name, (live = new LiveValues()));
    return live;
  }
}
