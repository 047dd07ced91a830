import type { Database } from "better-sqlite3";
import type { ExposureCountRow, ExposureRepo } from "./store.js";

// SQLite primary keys cannot hold NULL usefully; 0 stands for "no version" (never a real version number).
const NO_VERSION = 0;

export class SqliteExposureRepo implements ExposureRepo {
  private readonly claimStmt;
  private readonly addStmt;
  private readonly totalsStmt;
  private readonly droppedStmt;

  constructor(db: Database) {
    this.claimStmt = db.prepare("INSERT INTO ingest_batches (batch_id, received_at, accepted, dropped) VALUES (?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING");
    this.addStmt = db.prepare(
      `INSERT INTO exposure_counts (program, alias, version, minute, count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (program, alias, version, minute) DO UPDATE SET count = count + excluded.count`,
    );
    this.totalsStmt = db.prepare<[string, string, string], { alias: string; version: number; exposures: number }>(
      `SELECT alias, version, SUM(count) AS exposures FROM exposure_counts
       WHERE program = ? AND minute >= ? AND minute < ? GROUP BY alias, version ORDER BY alias, version`,
    );
    this.droppedStmt = db.prepare<[string, string], { n: number | null }>("SELECT SUM(dropped) AS n FROM ingest_batches WHERE received_at >= ? AND received_at <= ?");
  }
  async claimBatch(batchId: string, at: string, accepted: number, dropped: number): Promise<boolean> {
    return this.claimStmt.run(batchId, at, accepted, dropped).changes === 1;
  }
  async addCounts(rows: readonly ExposureCountRow[]): Promise<void> {
    for (const r of rows) this.addStmt.run(r.program, r.alias, r.version ?? NO_VERSION, r.minute, r.count);
  }
  async totals(program: string, from: string, to: string) {
    return this.totalsStmt.all(program, from, to).map((r) => ({ alias: r.alias, version: r.version === NO_VERSION ? null : r.version, exposures: r.exposures }));
  }
  async droppedBetween(from: string, to: string): Promise<number> {
    return this.droppedStmt.get(from, to)?.n ?? 0;
  }
}
