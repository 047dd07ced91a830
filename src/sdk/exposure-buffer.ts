import type { ExposureWire } from "../core/wire/telemetry-rules.js";
import { IsoClock } from "./iso-clock.js";

/** Who got which version, as shipped to POST /v1/exposures (the SDK always knows the version). */
export interface Exposure extends ExposureWire {
  version: number;
}

/**
 * A bounded ring of exposures kept in parallel arrays, so recording one costs a
 * few stores and no allocation; exposure objects and their ISO times are built
 * only with a batch. When full, new exposures are counted as dropped, never
 * silently lost.
 */
export class ExposureBuffer {
  private readonly programs: string[];
  private readonly unitIds: string[];
  private readonly aliases: string[];
  private readonly versions: Float64Array;
  private readonly times: Float64Array;
  private readonly clock = new IsoClock();
  private head = 0;
  private count = 0;
  /** Drops not yet reported to the server. */
  private dropsToReport = 0;
  /** Every drop since start. */
  droppedTotal = 0;

  constructor(readonly capacity: number) {
    this.programs = new Array<string>(capacity).fill("");
    this.unitIds = new Array<string>(capacity).fill("");
    this.aliases = new Array<string>(capacity).fill("");
    this.versions = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get unreportedDrops(): number {
    return this.dropsToReport;
  }

  record(program: string, unitId: string, alias: string, version: number, at: number): void {
    if (this.count === this.capacity) {
      this.dropsToReport++;
      this.droppedTotal++;
      return;
    }
    let slot = this.head + this.count;
    if (slot >= this.capacity) slot -= this.capacity;
    this.programs[slot] = program;
    this.unitIds[slot] = unitId;
    this.aliases[slot] = alias;
    this.versions[slot] = version;
    this.times[slot] = at;
    this.count++;
  }

  /** Counts exposures lost elsewhere (e.g. a batch the server refused). */
  addDrops(count: number): void {
    this.dropsToReport += count;
    this.droppedTotal += count;
  }

  /** Drops not yet reported; the count is reset, as the caller now reports it. */
  takeDrops(): number {
    const drops = this.dropsToReport;
    this.dropsToReport = 0;
    return drops;
  }

  /** Gives back drops taken for a report that never reached the server. */
  returnDrops(count: number): void {
    this.dropsToReport += count;
  }

  /** Removes and returns up to `max` of the oldest exposures. */
  take(max: number): Exposure[] {
    const n = Math.min(max, this.count);
    const out = new Array<Exposure>(n);
    for (let i = 0; i < n; i++) {
      let slot = this.head + i;
      if (slot >= this.capacity) slot -= this.capacity;
      out[i] = {
        program: this.programs[slot]!,
        unitId: this.unitIds[slot]!,
        alias: this.aliases[slot]!,
        version: this.versions[slot]!,
        at: this.clock.iso(this.times[slot]!),
      };
      // Release the unit id so a drained buffer holds none.
      this.unitIds[slot] = "";
    }
    this.head = (this.head + n) % this.capacity;
    this.count -= n;
    return out;
  }

  /** Empties the buffer, returning how many exposures it held. */
  clear(): number {
    const n = this.count;
    for (let i = 0; i < this.capacity; i++) this.unitIds[i] = "";
    this.head = 0;
    this.count = 0;
    return n;
  }
}
