import { MAX_NAMES_PER_WINDOW } from "../core/wire/telemetry-rules.js";
import { QuantileSketch, type SketchData } from "./sketch.js";

/**
 * In-process aggregation of telemetry: one window per (program, version,
 * segments, 10-second window) holding counts, sums, sums of squares and a sketch — the
 * same mergeable statistics the server keeps — so thousands of requests ship
 * as one small `aggregate` event.
 */

export type Segments = Readonly<Record<string, string>>;

/** Most distinct event (or feature) names per window, and per unit: the server's own bound. */
export { MAX_NAMES_PER_WINDOW };
/** Units per shipped aggregate event; a window with more is shipped as several (they add up on the server). */
export const UNITS_PER_AGGREGATE = 1_000;

export class ValueAgg {
  n = 0;
  sum = 0;
  sumSquares = 0;
  sketch: QuantileSketch | null = null;

  add(value: number, withSketch: boolean): void {
    this.n++;
    this.sum += value;
    this.sumSquares += value * value;
    if (withSketch) (this.sketch ??= new QuantileSketch()).accept(value);
  }

  toJSON(): { n: number; sum: number; sumSquares: number; sketch: SketchData | null } {
    return {
      n: this.n,
      sum: this.sum,
      sumSquares: this.sumSquares,
      sketch: this.sketch && this.sketch.count > 0 ? this.sketch.export() : null,
    };
  }
}

/** Per-unit totals, as the server's UnitTotals (exposure comes from the exposure pipeline). */
export interface UnitAgg {
  requests: number;
  errors: number;
  cost: number;
  events: Record<string, [number, number]>;
}

export class WindowAgg {
  requests = 0;
  errors = 0;
  readonly latency = new ValueAgg();
  readonly cost = new ValueAgg();
  readonly events = new Map<string, ValueAgg>();
  readonly features = new Map<string, ValueAgg>();
  /** Observations folded in (requests, events, feature values): the unit of the sent/dropped counters. */
  observations = 0;
  units: Map<string, UnitAgg> | null = null;

  constructor(
    readonly program: string,
    readonly version: number,
    readonly segments: Segments | undefined,
    /** Start of the window, ms since the epoch. */
    readonly start: number,
  ) {}

  /** The window's named statistics, or null when the name would exceed the per-window bound. */
  named(map: Map<string, ValueAgg>, name: string): ValueAgg | null {
    let agg = map.get(name);
    if (agg === undefined) {
      if (map.size >= MAX_NAMES_PER_WINDOW) return null;
      map.set(name, (agg = new ValueAgg()));
    }
    return agg;
  }

  /** The aggregate events that carry this window (one, or more when its units are many). */
  toEvents(): object[] {
    const base = {
      type: "aggregate",
      program: this.program,
      version: this.version,
      at: this.start,
      ...(this.segments ? { segments: this.segments } : {}),
    };
    const window = {
      requests: this.requests,
      errors: this.errors,
      latency: this.latency.toJSON(),
      cost: { n: this.cost.n, sum: this.cost.sum, sumSquares: this.cost.sumSquares },
      events: Object.fromEntries([...this.events].map(([k, v]) => [k, v.toJSON()])),
      features: Object.fromEntries([...this.features].map(([k, v]) => [k, v.toJSON()])),
    };
    if (this.units === null || this.units.size === 0) return [{ ...base, window }];
    const out: object[] = [];
    let chunk: Record<string, UnitAgg> = {};
    let inChunk = 0;
    for (const [unitId, totals] of this.units) {
      // defineProperty: a unit id such as "__proto__" stays data.
      Object.defineProperty(chunk, unitId, { value: totals, enumerable: true, writable: true, configurable: true });
      if (++inChunk === UNITS_PER_AGGREGATE) {
        out.push({ ...base, window: out.length === 0 ? window : {}, units: chunk });
        chunk = {};
        inChunk = 0;
      }
    }
    if (inChunk > 0) out.push({ ...base, window: out.length === 0 ? window : {}, units: chunk });
    return out;
  }
}

/** program → version → segments key → window start → window */
type Tree = Map<string, Map<number, Map<string, Map<number, WindowAgg>>>>;

/** Segment values in a canonical order, so { a, b } and { b, a } share a window. */
function segmentsKey(segments: Segments | undefined): string {
  if (segments === undefined) return "";
  const names = Object.keys(segments);
  if (names.length === 0) return "";
  names.sort();
  let key = "";
  for (const n of names) key += `${n}\u0000${segments[n]}\u0000`;
  return key;
}

/** The open windows, bounded in number. */
export class WindowSet {
  private readonly tree: Tree = new Map();
  private count = 0;
  /** Observations held, for status().bufferedTelemetry. */
  observations = 0;
  /** Unit totals held across windows. */
  units = 0;
  private last: WindowAgg | null = null;

  constructor(readonly maxWindows: number) {}

  get size(): number {
    return this.count;
  }

  /** The window for these coordinates; null when a new one would exceed maxWindows. */
  window(program: string, version: number, segments: Segments | undefined, start: number): WindowAgg | null {
    // Most calls repeat the last coordinates (one program, a busy window): skip the lookups.
    const last = this.last;
    if (
      last !== null &&
      segments === undefined &&
      last.segments === undefined &&
      last.start === start &&
      last.version === version &&
      last.program === program
    )
      return last;
    const w = this.lookup(program, version, segments, start);
    if (w !== null) this.last = w;
    return w;
  }

  private lookup(program: string, version: number, segments: Segments | undefined, start: number): WindowAgg | null {
    let byVersion = this.tree.get(program);
    if (byVersion === undefined) this.tree.set(program, (byVersion = new Map()));
    let bySegments = byVersion.get(version);
    if (bySegments === undefined) byVersion.set(version, (bySegments = new Map()));
    const key = segmentsKey(segments);
    let byStart = bySegments.get(key);
    if (byStart === undefined) bySegments.set(key, (byStart = new Map()));
    let w = byStart.get(start);
    if (w === undefined) {
      if (this.count >= this.maxWindows) return null;
      // The caller's segments object is copied: it may change after the call.
      byStart.set(start, (w = new WindowAgg(program, version, key === "" ? undefined : { ...segments }, start)));
      this.count++;
    }
    return w;
  }

  /** Removes and returns every window, oldest first. */
  takeAll(): WindowAgg[] {
    const out: WindowAgg[] = [];
    for (const byVersion of this.tree.values())
      for (const bySegments of byVersion.values()) for (const byStart of bySegments.values()) out.push(...byStart.values());
    this.tree.clear();
    this.last = null;
    this.count = 0;
    this.observations = 0;
    this.units = 0;
    return out.sort((a, b) => a.start - b.start);
  }
}
