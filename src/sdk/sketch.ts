/**
 * A dependency-free quantile sketch, bin for bin compatible with the server's
 * DDSketch (@datadog/sketches-js, LogarithmicMapping, relative accuracy 0.01):
 * the same gamma, the same key(value) to the last floating-point operation, and
 * the same exported layout ({ offset, counts } per sign, plus zeroCount), so the
 * server adds an SDK's bins to its own key for key.
 *
 * Memory is bounded: a store spans at most MAX_BINS keys; beyond that the lowest
 * keys are collapsed into the lowest kept bin (as DDSketch's collapsing-lowest
 * store does), which only blurs the smallest values of an absurdly wide range.
 */
import { MAX_SKETCH_BINS, SKETCH_ACCURACY, type SketchBins, type SketchData } from "../core/wire/telemetry-rules.js";

export { SKETCH_ACCURACY, type SketchBins, type SketchData };
/** The server refuses stores wider than this (the shared wire rules). */
export const MAX_BINS = MAX_SKETCH_BINS;

// Written as KeyMapping + LogarithmicMapping compute them, operation for operation.
const GAMMA_MANTISSA = (2 * SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY);
const GAMMA = 1 + GAMMA_MANTISSA;
const MULTIPLIER = (1 / Math.log1p(GAMMA_MANTISSA)) * Math.log(2);
const MIN_POSSIBLE = Math.pow(2, -1023) * GAMMA;

/** The bin key of a positive value. */
export function sketchKey(value: number): number {
  // "+ 0" as DDSketch adds its index offset: turns Math.ceil's -0 into 0.
  return Math.ceil(Math.log2(value) * MULTIPLIER) + 0;
}

/** The representative value of a key (within 1 % of every value the bin holds). */
export function sketchValue(key: number): number {
  return Math.pow(2, key / MULTIPLIER) * (2 / (1 + GAMMA));
}

/** Contiguous counts from minKey to maxKey; grows by doubling, never beyond MAX_BINS keys. */
class DenseBins {
  private counts = new Float64Array(0);
  /** Key of counts[0]. */
  private base = 0;
  minKey = 0;
  maxKey = -1;
  total = 0;

  add(key: number): void {
    if (this.total === 0) this.ensure(key, key);
    else if (key < this.minKey) {
      // Too far below the kept range: counted in the lowest bin the width allows.
      key = Math.max(key, this.maxKey - MAX_BINS + 1);
      this.ensure(key, this.maxKey);
    } else if (key > this.maxKey) {
      const lowest = key - MAX_BINS + 1;
      if (lowest > this.minKey) this.collapseBelow(lowest);
      this.ensure(this.minKey, key);
    }
    this.counts[key - this.base]! += 1;
    this.total++;
  }

  /** Makes the array cover [lo, hi] (re-allocating, centred, when it does not) and sets the range. */
  private ensure(lo: number, hi: number): void {
    if (lo < this.base || hi >= this.base + this.counts.length) {
      const span = hi - lo + 1;
      const length = Math.min(MAX_BINS, Math.max(64, 2 * span));
      const base = lo - Math.floor((length - span) / 2);
      const counts = new Float64Array(length);
      if (this.total > 0) counts.set(this.counts.subarray(this.minKey - this.base, this.maxKey - this.base + 1), this.minKey - base);
      this.counts = counts;
      this.base = base;
    }
    this.minKey = lo;
    this.maxKey = hi;
  }

  /** Folds the counts of keys below `lowest` into `lowest`. */
  private collapseBelow(lowest: number): void {
    let moved = 0;
    const last = Math.min(lowest - 1, this.maxKey);
    for (let k = this.minKey; k <= last; k++) {
      moved += this.counts[k - this.base]!;
      this.counts[k - this.base] = 0;
    }
    if (lowest > this.maxKey) {
      // Everything folded: the store starts over at `lowest`, holding what it had.
      const total = this.total;
      this.total = 0;
      this.ensure(lowest, lowest);
      this.total = total;
    } else this.minKey = lowest;
    this.counts[lowest - this.base]! += moved;
  }

  export(): SketchBins {
    if (this.total === 0) return { offset: 0, counts: [] };
    return { offset: this.minKey, counts: Array.from(this.counts.subarray(this.minKey - this.base, this.maxKey - this.base + 1)) };
  }

  /** Key at a rank (DDSketch's DenseStore.keyAtRank). */
  keyAtRank(rank: number, lower: boolean): number {
    let running = 0;
    for (let k = this.minKey; k <= this.maxKey; k++) {
      running += this.counts[k - this.base]!;
      if ((lower && running > rank) || (!lower && running >= rank + 1)) return k;
    }
    return this.maxKey;
  }
}

/** Accepts values one at a time; exports plain data the server merges. */
export class QuantileSketch {
  private readonly positive = new DenseBins();
  private negative: DenseBins | null = null;
  zeroCount = 0;

  get count(): number {
    return this.positive.total + (this.negative?.total ?? 0) + this.zeroCount;
  }

  accept(value: number): void {
    if (value > MIN_POSSIBLE) this.positive.add(sketchKey(value));
    else if (value < -MIN_POSSIBLE) (this.negative ??= new DenseBins()).add(sketchKey(-value));
    else this.zeroCount++;
  }

  /** DDSketch's getValueAtQuantile (rank = q (n − 1)); NaN when empty. */
  quantile(q: number): number {
    const n = this.count;
    if (q < 0 || q > 1 || n === 0) return Number.NaN;
    const rank = q * (n - 1);
    const negCount = this.negative?.total ?? 0;
    if (this.negative !== null && rank < negCount) return -sketchValue(this.negative.keyAtRank(negCount - rank - 1, false));
    if (rank < this.zeroCount + negCount) return 0;
    return sketchValue(this.positive.keyAtRank(rank - this.zeroCount - negCount, true));
  }

  export(): SketchData {
    const data: SketchData = { relativeAccuracy: SKETCH_ACCURACY, zeroCount: this.zeroCount, positive: this.positive.export() };
    if (this.negative !== null && this.negative.total > 0) data.negative = this.negative.export();
    return data;
  }
}
