import { randomUUID } from "node:crypto";
import type { BatchSource, PendingBatch, ShipperSettings } from "./batch-shipper.js";
import * as check from "./telemetry-input.js";
import { MAX_NAMES_PER_WINDOW, WindowSet, type UnitAgg, type WindowAgg } from "./telemetry-windows.js";
import type {
  EventObservation,
  FeatureObservation,
  LabelObservation,
  PredictionObservation,
  RequestObservation,
  TelemetryRecorder,
} from "./types.js";

export interface TelemetrySettings extends ShipperSettings {
  maxWindows: number;
  maxEvents: number;
  trackUnits: (program: string) => boolean;
  maxUnitsPerWindow: number;
  maxUnits: number;
  batchSize: number;
  /** A batch stops growing past this many bytes (the server takes up to 32 MiB). */
  maxBatchBytes: number;
}

/** Why observations were lost; "units full" loses only per-unit detail (the observation still counts). */
export type DropReason = "windows full" | "events full" | "too many names" | "invalid" | "refused by the server" | "closed" | "units full";

const WINDOW_MS = 10_000;

/** One event of a batch, serialised once. */
interface Ready {
  json: string;
  observations: number;
}

/**
 * The SDK's telemetry recorder and the source of its batches (POST /v1/telemetry).
 * Memory is bounded by maxWindows, maxEvents and the unit bounds; whatever does
 * not fit is counted by reason and reported through `onDrop`, never lost silently.
 */
export class Recorder implements TelemetryRecorder, BatchSource<PendingBatch> {
  private readonly windows: WindowSet;
  private raw: Array<Record<string, unknown>> = [];
  private ready: Ready[] = [];
  private readyObservations = 0;
  private closed = false;
  droppedTotal = 0;
  droppedUnitTotals = 0;

  constructor(
    private readonly settings: TelemetrySettings,
    private readonly now: () => number,
    private readonly onDrop: (reason: DropReason, count: number, detail?: string) => void,
  ) {
    this.windows = new WindowSet(settings.maxWindows);
  }

  request(program: string, o: RequestObservation): void {
    const problem =
      check.programProblem(program) ??
      check.versionProblem(o?.version) ??
      check.booleanProblem("success", o.success) ??
      check.numberProblem("latencyMs", o.latencyMs, false, 0) ??
      check.numberProblem("cost", o.cost, false) ??
      check.idProblem("unitId", o.unitId, false) ??
      check.segmentsProblem(o.segments);
    if (problem !== null) return this.drop("invalid", 1, `request: ${problem}`);
    const w = this.window(program, o.version, o.segments);
    if (w === null) return;
    w.requests++;
    if (!o.success) w.errors++;
    if (o.latencyMs !== undefined) w.latency.add(o.latencyMs, true);
    if (o.cost !== undefined) w.cost.add(o.cost, false);
    this.observed(w);
    const u = this.unit(w, o.unitId);
    if (u !== null) {
      u.requests++;
      if (!o.success) u.errors++;
      u.cost += o.cost ?? 0;
    }
  }

  event(program: string, o: EventObservation): void {
    const problem =
      check.programProblem(program) ??
      check.versionProblem(o?.version) ??
      check.eventNameProblem(o.name) ??
      check.numberProblem("value", o.value, false) ??
      check.idProblem("unitId", o.unitId, false) ??
      check.segmentsProblem(o.segments);
    if (problem !== null) return this.drop("invalid", 1, `event: ${problem}`);
    const w = this.window(program, o.version, o.segments);
    if (w === null) return;
    const agg = w.named(w.events, o.name);
    if (agg === null) return this.drop("too many names", 1, `more than ${MAX_NAMES_PER_WINDOW} event names in a window of ${program}`);
    // An event without a value counts 1 and stays out of the value sketch, as on the server.
    agg.add(o.value ?? 1, o.value !== undefined);
    this.observed(w);
    const u = this.unit(w, o.unitId);
    if (u !== null) {
      const prev = u.events[o.name];
      if (prev) {
        prev[0]++;
        prev[1] += o.value ?? 0;
      } else u.events[o.name] = [1, o.value ?? 0];
    }
  }

  feature(program: string, o: FeatureObservation): void {
    const problem =
      check.programProblem(program) ??
      check.versionProblem(o?.version) ??
      check.featureNameProblem(o.feature) ??
      check.numberProblem("value", o.value, true) ??
      check.segmentsProblem(o.segments);
    if (problem !== null) return this.drop("invalid", 1, `feature: ${problem}`);
    const w = this.window(program, o.version, o.segments);
    if (w === null) return;
    const agg = w.named(w.features, o.feature);
    if (agg === null) return this.drop("too many names", 1, `more than ${MAX_NAMES_PER_WINDOW} features in a window of ${program}`);
    agg.add(o.value, true);
    this.observed(w);
  }

  prediction(program: string, o: PredictionObservation): void {
    const problem =
      check.programProblem(program) ??
      check.versionProblem(o?.version) ??
      check.idProblem("predictionId", o.predictionId, true) ??
      check.booleanProblem("predicted", o.predicted) ??
      check.segmentsProblem(o.segments);
    if (problem !== null) return this.drop("invalid", 1, `prediction: ${problem}`);
    const e: Record<string, unknown> = {
      type: "prediction",
      program,
      version: o.version,
      predictionId: o.predictionId,
      predicted: o.predicted,
      at: this.time(),
    };
    if (o.segments !== undefined) e.segments = { ...o.segments };
    this.keep(e);
  }

  label(program: string, o: LabelObservation): void {
    const problem =
      check.programProblem(program) ?? check.idProblem("predictionId", o?.predictionId, true) ?? check.booleanProblem("actual", o.actual);
    if (problem !== null) return this.drop("invalid", 1, `label: ${problem}`);
    this.keep({ type: "label", program, predictionId: o.predictionId, actual: o.actual, at: this.time() });
  }

  /** Counts an observation that could not even be read (its getters threw). */
  refuse(error: unknown): void {
    this.drop("invalid", 1, `the observation could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Stops recording: later observations are counted as dropped. */
  close(): void {
    this.closed = true;
  }

  // ---- BatchSource -------------------------------------------------------

  get size(): number {
    return this.windows.observations + this.raw.length + this.readyObservations;
  }

  hasWork(): boolean {
    return this.windows.size > 0 || this.raw.length > 0 || this.ready.length > 0;
  }

  next(): PendingBatch {
    if (this.ready.length === 0) this.serialiseAll();
    const parts: string[] = [];
    let bytes = 0;
    let count = 0;
    let taken = 0;
    while (
      taken < this.ready.length &&
      parts.length < this.settings.batchSize &&
      (parts.length === 0 || bytes + this.ready[taken]!.json.length <= this.settings.maxBatchBytes)
    ) {
      const r = this.ready[taken++]!;
      parts.push(r.json);
      bytes += r.json.length + 1;
      count += r.observations;
    }
    this.ready = this.ready.slice(taken);
    this.readyObservations -= count;
    return { count, body: `{"batchId":"${randomUUID()}","events":[${parts.join(",")}]}` };
  }

  refused(batch: PendingBatch): void {
    this.drop("refused by the server", batch.count);
  }

  abandon(pending: PendingBatch | null): number {
    const lost = this.size + (pending?.count ?? 0);
    this.windows.takeAll();
    this.raw = [];
    this.ready = [];
    this.readyObservations = 0;
    if (lost > 0) this.drop("closed", lost);
    return lost;
  }

  // ---- internals ---------------------------------------------------------

  /** Moves every open window and raw event into the ready queue (events serialised once, reused on retry). */
  private serialiseAll(): void {
    for (const w of this.windows.takeAll()) {
      w.toEvents().forEach((event, i) => this.ready.push({ json: JSON.stringify(event), observations: i === 0 ? w.observations : 0 }));
      this.readyObservations += w.observations;
    }
    for (const e of this.raw) this.ready.push({ json: JSON.stringify(e), observations: 1 });
    this.readyObservations += this.raw.length;
    this.raw = [];
  }

  private time(): number {
    try {
      const t = this.now();
      return Number.isFinite(t) && t > 0 ? t : Date.now();
    } catch {
      return Date.now();
    }
  }

  private window(program: string, version: number, segments: RequestObservation["segments"]): WindowAgg | null {
    if (this.closed) {
      this.drop("closed", 1);
      return null;
    }
    const t = this.time();
    // 10-second windows: the server's finest buckets, so short burn-rate windows see fresh data.
    const w = this.windows.window(program, version, segments, t - (t % WINDOW_MS));
    if (w === null) this.drop("windows full", 1, `${this.settings.maxWindows} windows are waiting to be shipped`);
    return w;
  }

  private observed(w: WindowAgg): void {
    w.observations++;
    this.windows.observations++;
  }

  private unit(w: WindowAgg, unitId: string | undefined): UnitAgg | null {
    if (unitId === undefined || !this.settings.trackUnits(w.program)) return null;
    const units = (w.units ??= new Map());
    let u = units.get(unitId);
    if (u === undefined) {
      if (units.size >= this.settings.maxUnitsPerWindow || this.windows.units >= this.settings.maxUnits) {
        this.droppedUnitTotals++;
        this.onDrop(
          "units full",
          1,
          `unit totals are bounded (${this.settings.maxUnitsPerWindow} per window, ${this.settings.maxUnits} in all)`,
        );
        return null;
      }
      units.set(unitId, (u = { requests: 0, errors: 0, cost: 0, events: {} }));
      this.windows.units++;
    }
    return u;
  }

  private keep(e: Record<string, unknown>): void {
    if (this.closed) return this.drop("closed", 1);
    if (this.raw.length >= this.settings.maxEvents)
      return this.drop("events full", 1, `${this.settings.maxEvents} predictions and labels are waiting to be shipped`);
    this.raw.push(e);
  }

  private drop(reason: DropReason, count: number, detail?: string): void {
    this.droppedTotal += count;
    this.onDrop(reason, count, detail);
  }
}

/**
 * The object handed out as client.record: methods bound (they survive destructuring) and
 * guarded (an observation whose getters throw is counted as invalid, never thrown back).
 */
export function recorderFacade(recorder: Recorder): TelemetryRecorder {
  const guard =
    <O>(record: (program: string, observation: O) => void) =>
    (program: string, observation: O): void => {
      try {
        record.call(recorder, program, observation);
      } catch (error) {
        recorder.refuse(error);
      }
    };
  return Object.freeze({
    request: guard(recorder.request),
    event: guard(recorder.event),
    prediction: guard(recorder.prediction),
    label: guard(recorder.label),
    feature: guard(recorder.feature),
  });
}
