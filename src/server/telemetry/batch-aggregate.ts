/**
 * Folds a batch of validated events into per-(variant, segment, 10-second bucket) window
 * builders and per-unit totals, so a batch of 10,000 events becomes a handful
 * of rows to merge into storage. Raw events and SDK pre-aggregates land in the
 * same builders.
 *
 * This runs once per event at hundreds of thousands of events a second, so the
 * lookups are nested maps keyed by the event's own values (no key string built
 * per event), and a program without segment dimensions reuses one key list.
 */
import { BASE_BUCKET, bucketStart } from "../../core/telemetry/buckets.js";
import { ALL, segmentKeys, type SegmentSpec } from "../../core/telemetry/segments.js";
import { emptyUnit, mergeUnits, type UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import { WindowBuilder } from "../../core/telemetry/window-builder.js";
import type { AggregateEvent, LabelEvent, PredictionEvent, Segments, TelemetryEvent } from "./events.js";
import type { UnitRow, WindowRow } from "./store.js";

export interface ProgramContext {
  segments: SegmentSpec;
  /** Keep per-unit totals (the program has unit-level metrics). */
  trackUnits: boolean;
}

interface Slot {
  program: string;
  version: number;
  segment: string;
  start: number;
  builder: WindowBuilder;
}

/** program → version → segment → (bucket start | unit id) → value */
type Tree<K, V> = Map<string, Map<number, Map<string, Map<K, V>>>>;

function leaf<K, V>(tree: Tree<K, V>, program: string, version: number, segment: string): Map<K, V> {
  let byVersion = tree.get(program);
  if (byVersion === undefined) tree.set(program, (byVersion = new Map()));
  let bySegment = byVersion.get(version);
  if (bySegment === undefined) byVersion.set(version, (bySegment = new Map()));
  let leaves = bySegment.get(segment);
  if (leaves === undefined) bySegment.set(segment, (leaves = new Map()));
  return leaves;
}

const ONLY_ALL: readonly string[] = [ALL];

export class BatchAggregate {
  private readonly slots: Tree<number, Slot> = new Map();
  private readonly units: Tree<string, UnitRow> = new Map();
  private lastSlot: Slot | null = null;
  private lastProgram = "";
  private lastContext: ProgramContext | undefined;
  readonly predictions: Array<{ event: PredictionEvent; segments: string[] }> = [];
  readonly labels: LabelEvent[] = [];

  constructor(private readonly contexts: ReadonlyMap<string, ProgramContext>) {}

  /** A new, empty aggregate over the same program contexts. */
  emptyLike(): BatchAggregate {
    return new BatchAggregate(this.contexts);
  }

  builder(program: string, version: number, segment: string, at: number): WindowBuilder {
    const start = bucketStart(at, BASE_BUCKET);
    // Neighbouring events mostly share their window: check the last one first.
    const last = this.lastSlot;
    if (last !== null && last.start === start && last.version === version && last.program === program && last.segment === segment)
      return last.builder;
    const leaves = leaf(this.slots, program, version, segment);
    let slot = leaves.get(start);
    if (slot === undefined) leaves.set(start, (slot = { program, version, segment, start, builder: new WindowBuilder() }));
    this.lastSlot = slot;
    return slot.builder;
  }

  private unit(program: string, version: number, segment: string, unitId: string, at: number): UnitTotals {
    const leaves = leaf(this.units, program, version, segment);
    let row = leaves.get(unitId);
    if (row === undefined) leaves.set(unitId, (row = { program, version, segment, unitId, firstSeen: at, totals: emptyUnit() }));
    else if (at < row.firstSeen) row.firstSeen = at;
    return row.totals;
  }

  private context(program: string): ProgramContext {
    if (program !== this.lastProgram || this.lastContext === undefined) {
      this.lastContext = this.contexts.get(program)!;
      this.lastProgram = program;
    }
    return this.lastContext;
  }

  private keys(ctx: ProgramContext, values: Segments | undefined): readonly string[] {
    return values === undefined || ctx.segments.dimensions.length === 0 ? ONLY_ALL : segmentKeys(ctx.segments, values);
  }

  add(e: TelemetryEvent): void {
    if (e.type === "label") {
      this.labels.push(e);
      return;
    }
    const ctx = this.context(e.program);
    const keys = this.keys(ctx, e.segments);
    if (e.type === "prediction") {
      this.predictions.push({ event: e, segments: [...keys] });
      return;
    }
    if (e.type === "aggregate") {
      this.merge(e, ctx, keys);
      return;
    }
    for (let k = 0; k < keys.length; k++) {
      const segment = keys[k]!;
      const b = this.builder(e.program, e.version, segment, e.at);
      const u = ctx.trackUnits && "unitId" in e && e.unitId !== undefined ? this.unit(e.program, e.version, segment, e.unitId, e.at) : null;
      switch (e.type) {
        case "exposure":
          b.exposures++;
          if (u) u.exposed = true;
          break;
        case "request":
          b.request(e.success, e.latencyMs, e.cost);
          if (u) {
            u.requests++;
            if (!e.success) u.errors++;
            u.cost += e.cost ?? 0;
          }
          break;
        case "event": {
          b.event(e.name, e.value);
          if (u) {
            const prev = u.events[e.name] ?? [0, 0];
            u.events[e.name] = [prev[0] + 1, prev[1] + (e.value ?? 0)];
          }
          break;
        }
        case "feature":
          b.feature(e.feature, e.value);
          break;
      }
    }
  }

  /** An SDK's pre-aggregated window: merged into the same builders and unit totals as raw events. */
  private merge(e: AggregateEvent, ctx: ProgramContext, keys: readonly string[]): void {
    const firstSeen = bucketStart(e.at, BASE_BUCKET);
    for (const segment of keys) {
      this.builder(e.program, e.version, segment, e.at).merge(e.window);
      if (!ctx.trackUnits || e.units === undefined) continue;
      for (const [unitId, sent] of e.units) {
        const totals = this.unit(e.program, e.version, segment, unitId, firstSeen);
        const merged = mergeUnits(totals, sent);
        totals.exposed = merged.exposed;
        totals.requests = merged.requests;
        totals.errors = merged.errors;
        totals.cost = merged.cost;
        totals.events = merged.events;
      }
    }
  }

  windowRows(): WindowRow[] {
    const rows: WindowRow[] = [];
    for (const slot of values(this.slots))
      rows.push({
        program: slot.program,
        version: slot.version,
        segment: slot.segment,
        width: BASE_BUCKET,
        start: slot.start,
        window: slot.builder.build(),
      });
    return rows;
  }

  unitRows(): UnitRow[] {
    return [...values(this.units)];
  }
}

function* values<K, V>(tree: Tree<K, V>): Generator<V> {
  for (const byVersion of tree.values())
    for (const bySegment of byVersion.values()) for (const leaves of bySegment.values()) yield* leaves.values();
}
