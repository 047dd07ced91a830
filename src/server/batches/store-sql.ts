import type { Sql } from "../persist/sql.js";
import type { IngestBatchRepo } from "./store.js";

export class SqlIngestBatchRepo implements IngestBatchRepo {
  constructor(private readonly sql: Sql) {}

  async claim(batchId: string, at: string, accepted: number, dropped: number): Promise<boolean> {
    // A concurrent claim of the same id waits here for the first to commit or roll back.
    const sql =
      "INSERT INTO ingest_batches (batch_id, received_at, accepted, dropped) VALUES (?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING";
    return (await this.sql.exec(sql, [batchId, at, accepted, dropped])) === 1;
  }
  async droppedBetween(from: string, to: string): Promise<number> {
    const sql = "SELECT SUM(dropped) AS n FROM ingest_batches WHERE received_at >= ? AND received_at <= ?";
    return (await this.sql.one<{ n: number | null }>(sql, [from, to]))?.n ?? 0;
  }
}
