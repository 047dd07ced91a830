/**
 * Folds a batch of validated events into per-(variant, segment, minute) window
 * builders and per-unit totals, so a batch of 10,000 events becomes a handful
 * of rows to merge into storage.
 */
import { bucketStart, MINUTE } from "../../core/telemetry/buckets.js";
import { segmentKeys, type SegmentSpec } from "../../core/telemetry/segments.js";
import { emptyUnit, type UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import { WindowBuilder } from "../../core/telemetry/window-builder.js";
import type { LabelEvent, PredictionEvent, TelemetryEvent } from "./events.js";
import type { UnitRow, WindowRow } from "./store.js";

export interface ProgramContext {
  segments: SegmentSpec;
  /** Keep per-unit totals (the program has unit-level metrics). */
  trackUnits: boolean;
}

export class BatchAggregate {
  private readonly builders = new Map<string, { program: string; version: number; segment: string; start: number; builder: WindowBuilder }>();
  private readonly units = new Map<string, UnitRow>();
  readonly predictions: Array<{ event: PredictionEvent; segments: string[] }> = [];
  readonly labels: LabelEvent[] = [];

  constructor(private readonly contexts: ReadonlyMap<string, ProgramContext>) {}

  builder(program: string, version: number, segment: string, at: number): WindowBuilder {
    const start = bucketStart(at, MINUTE);
    const key = `${program}\u0000${version}\u0000${segment}\u0000${start}`;
    let entry = this.builders.get(key);
    if (!entry) this.builders.set(key, (entry = { program, version, segment, start, builder: new WindowBuilder() }));
    return entry.builder;
  }

  private unit(program: string, version: number, segment: string, unitId: string, at: number): UnitTotals {
    const key = `${program}\u0000${version}\u0000${segment}\u0000${unitId}`;
    let row = this.units.get(key);
    if (!row) this.units.set(key, (row = { program, version, segment, unitId, firstSeen: at, totals: emptyUnit() }));
    else if (at < row.firstSeen) row.firstSeen = at;
    return row.totals;
  }

  add(e: TelemetryEvent): void {
    if (e.type === "label") {
      this.labels.push(e);
      return;
    }
    const ctx = this.contexts.get(e.program)!;
    const keys = segmentKeys(ctx.segments, e.segments);
    if (e.type === "prediction") {
      this.predictions.push({ event: e, segments: keys });
      return;
    }
    for (const segment of keys) {
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

  windowRows(): WindowRow[] {
    return [...this.builders.values()].map((e) => ({ program: e.program, version: e.version, segment: e.segment, width: MINUTE, start: e.start, window: e.builder.build() }));
  }

  unitRows(): UnitRow[] {
    return [...this.units.values()];
  }
}
