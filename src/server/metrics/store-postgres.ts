import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";
import type { PgSql } from "../store/postgres-sql.js";
import type { MetricRepo } from "./store.js";

export class PostgresMetricRepo implements MetricRepo {
  constructor(private readonly sql: PgSql) {}

  async put(program: string, metric: TelemetryMetric): Promise<void> {
    await this.sql.exec(
      `INSERT INTO metric_definitions (program, name, definition) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (program, name) DO UPDATE SET definition = excluded.definition`,
      [program, metric.name, JSON.stringify(metric)],
    );
  }
  async remove(program: string, name: string): Promise<boolean> {
    return (await this.sql.exec("DELETE FROM metric_definitions WHERE program = $1 AND name = $2", [program, name])) === 1;
  }
  async list(program: string): Promise<TelemetryMetric[]> {
    const rows = await this.sql.rows<{ definition: TelemetryMetric }>("SELECT definition FROM metric_definitions WHERE program = $1 ORDER BY name", [program]);
    return rows.map((r) => r.definition);
  }
  async segments(program: string): Promise<SegmentSpec> {
    return (await this.sql.one<{ spec: SegmentSpec }>("SELECT spec FROM segment_specs WHERE program = $1", [program]))?.spec ?? { dimensions: [] };
  }
  async putSegments(program: string, spec: SegmentSpec): Promise<void> {
    await this.sql.exec("INSERT INTO segment_specs (program, spec) VALUES ($1, $2::jsonb) ON CONFLICT (program) DO UPDATE SET spec = excluded.spec", [
      program,
      JSON.stringify(spec),
    ]);
  }
}
