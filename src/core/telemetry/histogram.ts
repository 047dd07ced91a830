/**
 * Drift histograms from a feature's sketch: counts per bin for any bin edges,
 * so drift metrics can be defined or changed after the data arrived. Each
 * sketch bucket is attributed by its representative value (±1 % relative).
 */
import { DDSketch } from "@datadog/sketches-js";
import type { QuantileSketchData, SketchBins } from "../stats/quantile-sketch.js";

const mappings = new Map<number, DDSketch["mapping"]>();
function mapping(accuracy: number): DDSketch["mapping"] {
  let m = mappings.get(accuracy);
  if (!m) mappings.set(accuracy, (m = new DDSketch({ relativeAccuracy: accuracy }).mapping));
  return m;
}

/** Index of the bin a value falls in: bins are (-∞, e0), [e0, e1), …, [e_last, ∞). */
export function binIndex(edges: readonly number[], value: number): number {
  let i = 0;
  while (i < edges.length && value >= edges[i]!) i++;
  return i;
}

export function histogramFromSketch(sketch: QuantileSketchData, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  const m = mapping(sketch.relativeAccuracy);
  const spread = (bins: SketchBins | undefined, sign: 1 | -1) => {
    bins?.counts.forEach((c, i) => {
      if (c > 0) counts[binIndex(edges, sign * m.value(bins.offset + i))]! += c;
    });
  };
  spread(sketch.negative, -1);
  if (sketch.zeroCount > 0) counts[binIndex(edges, 0)]! += sketch.zeroCount;
  spread(sketch.positive, 1);
  return counts;
}
