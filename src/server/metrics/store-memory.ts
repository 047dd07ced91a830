import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";
import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { MetricRepo } from "./store.js";

export class MemoryMetricRepo extends MemoryRepo implements MetricRepo {
  private readonly metrics = this.table<{ program: string; metric: TelemetryMetric }>();
  private readonly specs = this.table<SegmentSpec>();

  async put(program: string, metric: TelemetryMetric): Promise<void> {
    this.metrics.put(keyOf(program, metric.name), { program, metric });
  }
  async remove(program: string, name: string): Promise<boolean> {
    return this.metrics.delete(keyOf(program, name));
  }
  async list(program: string): Promise<TelemetryMetric[]> {
    return this.metrics
      .values((m) => m.program === program)
      .map((m) => m.metric)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  async segments(program: string): Promise<SegmentSpec> {
    return this.specs.get(program) ?? { dimensions: [] };
  }
  async putSegments(program: string, spec: SegmentSpec): Promise<void> {
    this.specs.put(program, spec);
  }
}
