/**
 * Quantile sketches as plain, mergeable data. A DDSketch (@datadog/sketches-js)
 * is exported to its bins — exactly what its protobuf form carries
 * (contiguous bin counts + index offset) — so telemetry can store, add and
 * ship sketches as JSON, and the engine reads quantiles without rebuilding one.
 */
import { DDSketch } from "@datadog/sketches-js";

export interface SketchBins {
  /** Key of counts[0]. */
  offset: number;
  counts: number[];
}

export interface QuantileSketchData {
  relativeAccuracy: number;
  zeroCount: number;
  positive: SketchBins;
  negative?: SketchBins;
}

interface StoreLike {
  bins: number[];
  offset: number;
  minKey: number;
  maxKey: number;
  count: number;
}

function storeToBins(store: StoreLike): SketchBins {
  if (store.count === 0) return { offset: 0, counts: [] };
  const from = store.minKey - store.offset;
  const to = store.maxKey - store.offset;
  return { offset: store.minKey, counts: store.bins.slice(from, to + 1) };
}

/** Exports a DDSketch to plain data. */
export function toSketchData(sketch: DDSketch): QuantileSketchData {
  const data: QuantileSketchData = {
    relativeAccuracy: sketch.mapping.relativeAccuracy,
    zeroCount: sketch.zeroCount,
    positive: storeToBins(sketch.store),
  };
  if (sketch.negativeStore.count > 0) data.negative = storeToBins(sketch.negativeStore);
  return data;
}

/** Rebuilds a DDSketch from plain data (min/max/sum are not carried). */
export function toDDSketch(data: QuantileSketchData): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: data.relativeAccuracy });
  const load = (bins: SketchBins | undefined, store: DDSketch["store"]): number => {
    let total = 0;
    bins?.counts.forEach((c, i) => {
      if (c > 0) {
        store.add(bins.offset + i, c);
        total += c;
      }
    });
    return total;
  };
  sketch.count = load(data.positive, sketch.store) + load(data.negative, sketch.negativeStore) + data.zeroCount;
  sketch.zeroCount = data.zeroCount;
  return sketch;
}

/** Builds sketch data from raw values (tests, backfills). */
export function sketchFromValues(values: Iterable<number>, relativeAccuracy = 0.01): QuantileSketchData {
  const sketch = new DDSketch({ relativeAccuracy });
  for (const v of values) sketch.accept(v);
  return toSketchData(sketch);
}

/** Merges two sketches of the same accuracy: bin counts add. */
export function mergeSketchData(a: QuantileSketchData, b: QuantileSketchData): QuantileSketchData {
  const merged = toDDSketch(a);
  merged.merge(toDDSketch(b));
  return toSketchData(merged);
}

const binTotal = (bins: SketchBins | undefined): number => (bins ? bins.counts.reduce((s, c) => s + c, 0) : 0);

export function sketchCount(data: QuantileSketchData): number {
  return data.zeroCount + binTotal(data.positive) + binTotal(data.negative);
}

const mappings = new Map<number, DDSketch["mapping"]>();

/** The sketch's key → representative value map (memoised per accuracy; the map is a pure function). */
function mappingFor(relativeAccuracy: number): DDSketch["mapping"] {
  let m = mappings.get(relativeAccuracy);
  if (!m) {
    m = new DDSketch({ relativeAccuracy }).mapping;
    mappings.set(relativeAccuracy, m);
  }
  return m;
}

function keyAtRank(bins: SketchBins, rank: number, lower: boolean): number {
  let running = 0;
  for (let i = 0; i < bins.counts.length; i++) {
    running += bins.counts[i] ?? 0;
    if ((lower && running > rank) || (!lower && running >= rank + 1)) return bins.offset + i;
  }
  return bins.offset + bins.counts.length - 1;
}

/**
 * Value at quantile q with DDSketch's own convention (rank = q (n − 1)), so the
 * answer equals `toDDSketch(data).getValueAtQuantile(q)`. Undefined when empty.
 */
export function sketchQuantile(data: QuantileSketchData, q: number): number | undefined {
  const n = sketchCount(data);
  if (n === 0 || q < 0 || q > 1) return undefined;
  const mapping = mappingFor(data.relativeAccuracy);
  const negCount = binTotal(data.negative);
  const rank = q * (n - 1);
  if (data.negative && rank < negCount) {
    return -mapping.value(keyAtRank(data.negative, negCount - rank - 1, false));
  }
  if (rank < data.zeroCount + negCount) return 0;
  return mapping.value(keyAtRank(data.positive, rank - data.zeroCount - negCount, true));
}

interface Segment {
  lower: number;
  upper: number;
  count: number;
}

/**
 * The sketch's buckets as ascending value ranges. A bucket with representative
 * v covers [v/(1 + α), v/(1 − α)] (the relative-accuracy guarantee; adjacent
 * buckets share their boundary).
 */
function segments(data: QuantileSketchData): Segment[] {
  const mapping = mappingFor(data.relativeAccuracy);
  const a = data.relativeAccuracy;
  const out: Segment[] = [];
  // Representatives of consecutive keys differ by the factor γ; stepping by it
  // avoids a pow() per bin (re-anchored every 64 keys so rounding cannot drift).
  const gamma = mapping.value(1) / mapping.value(0);
  const valuesOf = (bins: SketchBins, visit: (v: number, c: number) => void, reverse: boolean): void => {
    const len = bins.counts.length;
    let v = 0;
    for (let j = 0; j < len; j++) {
      const i = reverse ? len - 1 - j : j;
      v = j % 64 === 0 ? mapping.value(bins.offset + i) : reverse ? v / gamma : v * gamma;
      const c = bins.counts[i] ?? 0;
      if (c > 0) visit(v, c);
    }
  };
  if (data.negative) valuesOf(data.negative, (v, c) => out.push({ lower: -v / (1 - a), upper: -v / (1 + a), count: c }), true);
  if (data.zeroCount > 0) out.push({ lower: 0, upper: 0, count: data.zeroCount });
  valuesOf(data.positive, (v, c) => out.push({ lower: v / (1 + a), upper: v / (1 - a), count: c }), false);
  return out;
}

/**
 * A continuous quantile function of the sketch: the CDF is interpolated
 * within each bucket (geometrically, matching the logarithmic bucket layout),
 * so nearby quantiles differ smoothly instead of by whole buckets. Used for
 * the quantile comparison; `sketchQuantile` keeps DDSketch's own convention.
 * Returns undefined for an empty sketch. Build once, evaluate many times.
 */
export function interpolatedQuantileFunction(data: QuantileSketchData): ((q: number) => number) | undefined {
  const segs = segments(data);
  const cumulative = new Float64Array(segs.length);
  let total = 0;
  segs.forEach((g, i) => {
    total += g.count;
    cumulative[i] = total;
  });
  if (total === 0) return undefined;
  return (q: number): number => {
    const rank = Math.min(1, Math.max(0, q)) * total;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) >= rank) hi = mid;
      else lo = mid + 1;
    }
    const g = segs[lo] as Segment;
    const before = (cumulative[lo] ?? 0) - g.count;
    const f = Math.min(1, Math.max(0, (rank - before) / g.count));
    if (g.lower > 0) return g.lower * Math.pow(g.upper / g.lower, f);
    if (g.upper < 0) return -(-g.upper * Math.pow(g.lower / g.upper, f));
    return g.lower + (g.upper - g.lower) * f;
  };
}

/** One interpolated quantile (see interpolatedQuantileFunction). */
export function sketchQuantileInterpolated(data: QuantileSketchData, q: number): number | undefined {
  if (q < 0 || q > 1) return undefined;
  return interpolatedQuantileFunction(data)?.(q);
}
