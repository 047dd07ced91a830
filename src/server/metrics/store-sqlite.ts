import type { Database } from "better-sqlite3";
import type { TelemetryMetric } from "../../core/telemetry/metric.js";
import type { SegmentSpec } from "../../core/telemetry/segments.js";
import type { MetricRepo } from "./store.js";

export class SqliteMetricRepo implements MetricRepo {
  private readonly putStmt;
  private readonly removeStmt;
  private readonly listStmt;
  private readonly segmentsStmt;
  private readonly putSegmentsStmt;

  constructor(db: Database) {
    this.putStmt = db.prepare(
      "INSERT INTO metric_definitions (program, name, definition) VALUES (?, ?, ?) ON CONFLICT (program, name) DO UPDATE SET definition = excluded.definition",
    );
    this.removeStmt = db.prepare("DELETE FROM metric_definitions WHERE program = ? AND name = ?");
    this.listStmt = db.prepare<[string], { definition: string }>("SELECT definition FROM metric_definitions WHERE program = ? ORDER BY name");
    this.segmentsStmt = db.prepare<[string], { spec: string }>("SELECT spec FROM segment_specs WHERE program = ?");
    this.putSegmentsStmt = db.prepare("INSERT INTO segment_specs (program, spec) VALUES (?, ?) ON CONFLICT (program) DO UPDATE SET spec = excluded.spec");
  }
  async put(program: string, metric: TelemetryMetric): Promise<void> {
    this.putStmt.run(program, metric.name, JSON.stringify(metric));
  }
  async remove(program: string, name: string): Promise<boolean> {
    return this.removeStmt.run(program, name).changes === 1;
  }
  async list(program: string): Promise<TelemetryMetric[]> {
    return this.listStmt.all(program).map((r) => JSON.parse(r.definition) as TelemetryMetric);
  }
  async segments(program: string): Promise<SegmentSpec> {
    const row = this.segmentsStmt.get(program);
    return row ? (JSON.parse(row.spec) as SegmentSpec) : { dimensions: [] };
  }
  async putSegments(program: string, spec: SegmentSpec): Promise<void> {
    this.putSegmentsStmt.run(program, JSON.stringify(spec));
  }
}
