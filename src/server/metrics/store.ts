import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";

export interface MetricRepo {
  put(program: string, metric: TelemetryMetric): Promise<void>;
  remove(program: string, name: string): Promise<boolean>;
  list(program: string): Promise<TelemetryMetric[]>;
  segments(program: string): Promise<SegmentSpec>;
  putSegments(program: string, spec: SegmentSpec): Promise<void>;
}
