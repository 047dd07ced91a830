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
  const other = toDDSketch(b);
  if (other.count === 0) return toSketchData(merged);
  if (merged.count === 0) return toSketchData(other);
  merged.merge(other);
  // DDSketch.merge (@datadog/sketches-js 2.x) adds the positive store and the zero count but
  // forgets the negative store: without this, negative values (features) were lost on merge.
  merged.negativeStore.merge(other.negativeStore);
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

/**
 * The sketch's buckets as ascending value ranges in parallel arrays (no object
 * per bucket, no typed-array backing store: this runs for every quantile
 * comparison). A bucket
 * with representative v covers [v/(1 + α), v/(1 − α)] (the relative-accuracy
 * guarantee; adjacent buckets share their boundary).
 */
interface Segments {
  lower: number[];
  upper: number[];
  /** Cumulative count up to and including each segment. */
  cumulative: number[];
  length: number;
}

function segments(data: QuantileSketchData): Segments {
  const mapping = mappingFor(data.relativeAccuracy);
  const a = data.relativeAccuracy;
  const out: Segments = { lower: [], upper: [], cumulative: [], length: 0 };
  let total = 0;
  const push = (lower: number, upper: number, count: number): void => {
    total += count;
    out.lower.push(lower);
    out.upper.push(upper);
    out.cumulative.push(total);
    out.length++;
  };
  // Representatives of consecutive keys differ by the factor γ; stepping by it
  // avoids a pow() per bin (re-anchored every 64 keys so rounding cannot drift).
  const gamma = mapping.value(1) / mapping.value(0);
  const neg = data.negative;
  if (neg) {
    let v = 0;
    for (let j = 0, i = neg.counts.length - 1; i >= 0; i--, j++) {
      v = j % 64 === 0 ? mapping.value(neg.offset + i) : v / gamma;
      const c = neg.counts[i] ?? 0;
      if (c > 0) push(-v / (1 - a), -v / (1 + a), c);
    }
  }
  if (data.zeroCount > 0) push(0, 0, data.zeroCount);
  const pos = data.positive;
  let v = 0;
  for (let i = 0; i < pos.counts.length; i++) {
    v = i % 64 === 0 ? mapping.value(pos.offset + i) : v * gamma;
    const c = pos.counts[i] ?? 0;
    if (c > 0) push(v / (1 + a), v / (1 - a), c);
  }
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
  const total = segs.length > 0 ? (segs.cumulative[segs.length - 1] ?? 0) : 0;
  if (total === 0) return undefined;
  return (q: number): number => {
    const rank = Math.min(1, Math.max(0, q)) * total;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((segs.cumulative[mid] ?? 0) >= rank) hi = mid;
      else lo = mid + 1;
    }
    const lower = segs.lower[lo] ?? 0;
    const upper = segs.upper[lo] ?? 0;
    const count = (segs.cumulative[lo] ?? 0) - (lo > 0 ? (segs.cumulative[lo - 1] ?? 0) : 0);
    const before = (segs.cumulative[lo] ?? 0) - count;
    const f = Math.min(1, Math.max(0, (rank - before) / count));
    if (lower > 0) return lower * Math.pow(upper / lower, f);
    if (upper < 0) return -(-upper * Math.pow(lower / upper, f));
    return lower + (upper - lower) * f;
  };
}

/** One interpolated quantile (see interpolatedQuantileFunction). */
export function sketchQuantileInterpolated(data: QuantileSketchData, q: number): number | undefined {
  if (q < 0 || q > 1) return undefined;
  return interpolatedQuantileFunction(data)?.(q);
}
