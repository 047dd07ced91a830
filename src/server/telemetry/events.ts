/** Telemetry events as accepted by POST /v1/telemetry (and, for exposures, /v1/exposures). */
import type { UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import type { ValueStats } from "../../core/telemetry/variant-window.js";
import type { MeanStats } from "../../core/stats/sufficient-stats.js";

export type Segments = Record<string, string>;

interface Base {
  program: string;
  at: number;
  segments?: Segments | undefined;
}
export interface ExposureEvent extends Base {
  type: "exposure";
  version: number;
  unitId: string;
}
export interface RequestEvent extends Base {
  type: "request";
  version: number;
  unitId?: string | undefined;
  success: boolean;
  latencyMs?: number | undefined;
  cost?: number | undefined;
}
export interface BusinessEvent extends Base {
  type: "event";
  version: number;
  unitId?: string | undefined;
  name: string;
  value?: number | undefined;
}
export interface PredictionEvent extends Base {
  type: "prediction";
  version: number;
  predictionId: string;
  predicted: boolean;
}
export interface LabelEvent {
  type: "label";
  program: string;
  predictionId: string;
  actual: boolean;
  at: number;
}
export interface FeatureEvent extends Base {
  type: "feature";
  version: number;
  feature: string;
  value: number;
}

/**
 * What a client aggregated in process for one (program, version, segments, time window):
 * the mergeable part of a VariantWindow. Predictions and labels are not in it —
 * they must be joined by id server-side, so they travel as raw events.
 */
export interface AggregateWindow {
  exposures: number;
  requests: number;
  errors: number;
  latency: ValueStats;
  cost: MeanStats;
  events: Record<string, ValueStats>;
  features: Record<string, ValueStats>;
}
export interface AggregateEvent extends Base {
  type: "aggregate";
  version: number;
  window: AggregateWindow;
  /** Per-unit totals for unit-level metrics, as [unitId, totals] (bounded). */
  units: Array<[string, UnitTotals]> | undefined;
}

export type TelemetryEvent = ExposureEvent | RequestEvent | BusinessEvent | PredictionEvent | LabelEvent | FeatureEvent | AggregateEvent;
export const EVENT_TYPES = ["exposure", "request", "event", "prediction", "label", "feature", "aggregate"] as const;
