import { toNumber, type PgSql } from "../store/postgres-sql.js";
import type { ExposureCountRow, ExposureRepo } from "./store.js";

// As on SQLite: 0 stands for "no version" in the primary key (never a real version number).
const NO_VERSION = 0;

const keyOf = (r: ExposureCountRow) => `${r.program}\u0000${r.alias}\u0000${r.version ?? NO_VERSION}\u0000${r.minute}`;

/**
 * Exposure counters. Ingest runs without the global lock (it only adds to counters and
 * claims a unique batch id), so concurrent batches on several replicas touch the same
 * counter rows: rows are merged and sorted before the upsert so every transaction locks
 * them in the same order and two batches can never deadlock each other.
 */
export class PostgresExposureRepo implements ExposureRepo {
  constructor(private readonly sql: PgSql) {}

  async claimBatch(batchId: string, at: string, accepted: number, dropped: number): Promise<boolean> {
    // A concurrent claim of the same id waits here for the first to commit or roll back.
    const n = await this.sql.exec(
      "INSERT INTO ingest_batches (batch_id, received_at, accepted, dropped) VALUES ($1, $2, $3, $4) ON CONFLICT (batch_id) DO NOTHING",
      [batchId, at, accepted, dropped],
    );
    return n === 1;
  }

  async addCounts(rows: readonly ExposureCountRow[]): Promise<void> {
    const merged = new Map<string, ExposureCountRow>();
    for (const r of rows) {
      const key = keyOf(r);
      const seen = merged.get(key);
      // ON CONFLICT DO UPDATE may not touch one row twice in a statement.
      merged.set(key, seen ? { ...seen, count: seen.count + r.count } : { ...r });
    }
    if (merged.size === 0) return;
    const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
    await this.sql.exec(
      `INSERT INTO exposure_counts (program, alias, version, minute, count)
       SELECT p, a, v, m, c FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[]) WITH ORDINALITY AS t(p, a, v, m, c, o)
       ORDER BY o
       ON CONFLICT (program, alias, version, minute) DO UPDATE SET count = exposure_counts.count + excluded.count`,
      [
        sorted.map((r) => r.program),
        sorted.map((r) => r.alias),
        sorted.map((r) => r.version ?? NO_VERSION),
        sorted.map((r) => r.minute),
        sorted.map((r) => r.count),
      ],
    );
  }

  async totals(program: string, from: string, to: string) {
    const rows = await this.sql.rows<{ alias: string; version: number; exposures: string }>(
      `SELECT alias, version, SUM(count) AS exposures FROM exposure_counts
       WHERE program = $1 AND minute >= $2 AND minute < $3 GROUP BY alias, version ORDER BY alias, version`,
      [program, from, to],
    );
    return rows.map((r) => ({ alias: r.alias, version: r.version === NO_VERSION ? null : r.version, exposures: toNumber(r.exposures) }));
  }

  async droppedBetween(from: string, to: string): Promise<number> {
    const row = await this.sql.one<{ n: string | null }>("SELECT SUM(dropped) AS n FROM ingest_batches WHERE received_at >= $1 AND received_at <= $2", [from, to]);
    return row?.n == null ? 0 : toNumber(row.n);
  }
}
