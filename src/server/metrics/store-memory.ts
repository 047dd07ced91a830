import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";
import type { Transactional } from "../persist/transactional.js";
import type { MetricRepo } from "./store.js";

interface State {
  metrics: Map<string, Map<string, TelemetryMetric>>;
  segments: Map<string, SegmentSpec>;
}

export class MemoryMetricRepo implements MetricRepo, Transactional {
  private state: State = { metrics: new Map(), segments: new Map() };

  async put(program: string, metric: TelemetryMetric): Promise<void> {
    let byName = this.state.metrics.get(program);
    if (!byName) this.state.metrics.set(program, (byName = new Map()));
    byName.set(metric.name, structuredClone(metric));
  }
  async remove(program: string, name: string): Promise<boolean> {
    return this.state.metrics.get(program)?.delete(name) ?? false;
  }
  async list(program: string): Promise<TelemetryMetric[]> {
    return [...(this.state.metrics.get(program)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name)).map((m) => structuredClone(m));
  }
  async segments(program: string): Promise<SegmentSpec> {
    return structuredClone(this.state.segments.get(program) ?? { dimensions: [] });
  }
  async putSegments(program: string, spec: SegmentSpec): Promise<void> {
    this.state.segments.set(program, structuredClone(spec));
  }
  save(): unknown {
    return structuredClone(this.state);
  }
  restore(saved: unknown): void {
    this.state = saved as State;
  }
}
