/** Telemetry events as accepted by POST /v1/telemetry (and, for exposures, /v1/exposures). */
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

export type TelemetryEvent = ExposureEvent | RequestEvent | BusinessEvent | PredictionEvent | LabelEvent | FeatureEvent;
export const EVENT_TYPES = ["exposure", "request", "event", "prediction", "label", "feature"] as const;
