/**
 * Builds a VariantWindow from events one at a time, keeping live DDSketches
 * (cheap to add to) and exporting them to mergeable data once at the end.
 */
import { DDSketch } from "@datadog/sketches-js";
import { toSketchData } from "../stats/quantile-sketch.js";
import { emptyWindow, type ValueStats, type VariantWindow } from "./variant-window.js";

export const SKETCH_ACCURACY = 0.01;

class LiveValues {
  n = 0;
  sum = 0;
  sumSquares = 0;
  sketch: DDSketch | null = null;

  add(value: number, withSketch: boolean): void {
    this.n++;
    this.sum += value;
    this.sumSquares += value * value;
    if (withSketch) (this.sketch ??= new DDSketch({ relativeAccuracy: SKETCH_ACCURACY })).accept(value);
  }

  export(): ValueStats {
    return { n: this.n, sum: this.sum, sumSquares: this.sumSquares, sketch: this.sketch ? toSketchData(this.sketch) : null };
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
    let live = this.events.get(name);
    if (!live) this.events.set(name, (live = new LiveValues()));
    live.add(value ?? 1, value !== undefined);
  }

  feature(name: string, value: number): void {
    let live = this.features.get(name);
    if (!live) this.features.set(name, (live = new LiveValues()));
    live.add(value, true);
  }

  labelled(predicted: boolean, actual: boolean): void {
    if (predicted && actual) this.confusion.tp++;
    else if (predicted) this.confusion.fp++;
    else if (actual) this.confusion.fn++;
    else this.confusion.tn++;
  }

  build(): VariantWindow {
    const w = emptyWindow();
    w.exposures = this.exposures;
    w.requests = this.requests;
    w.errors = this.errors;
    w.latency = this.latency.export();
    const cost = this.cost.export();
    w.cost = { n: cost.n, sum: cost.sum, sumSquares: cost.sumSquares };
    for (const [k, v] of this.events) w.events[k] = v.export();
    for (const [k, v] of this.features) w.features[k] = v.export();
    w.confusion = { ...this.confusion };
    w.unlabelled = this.unlabelled;
    return w;
  }
}
