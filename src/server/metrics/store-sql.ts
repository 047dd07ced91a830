import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";
import { json, parseJson, type Sql } from "../persist/sql.js";
import type { MetricRepo } from "./store.js";

export class SqlMetricRepo implements MetricRepo {
  constructor(private readonly sql: Sql) {}

  async put(program: string, metric: TelemetryMetric): Promise<void> {
    await this.sql.exec(
      "INSERT INTO metric_definitions (program, name, definition) VALUES (?, ?, ?) ON CONFLICT (program, name) DO UPDATE SET definition = excluded.definition",
      [program, metric.name, json(metric)],
    );
  }
  async remove(program: string, name: string): Promise<boolean> {
    return (await this.sql.exec("DELETE FROM metric_definitions WHERE program = ? AND name = ?", [program, name])) === 1;
  }
  async list(program: string): Promise<TelemetryMetric[]> {
    const rows = await this.sql.rows<{ definition: string }>("SELECT definition FROM metric_definitions WHERE program = ? ORDER BY name", [
      program,
    ]);
    return rows.map((r) => parseJson(r.definition));
  }
  async segments(program: string): Promise<SegmentSpec> {
    const row = await this.sql.one<{ spec: string }>("SELECT spec FROM segment_specs WHERE program = ?", [program]);
    return row ? parseJson(row.spec) : { dimensions: [] };
  }
  async putSegments(program: string, spec: SegmentSpec): Promise<void> {
    await this.sql.exec(
      "INSERT INTO segment_specs (program, spec) VALUES (?, ?) ON CONFLICT (program) DO UPDATE SET spec = excluded.spec",
      [program, json(spec)],
    );
  }
}
