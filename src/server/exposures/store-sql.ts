import { mergeByKey, type Sql } from "../persist/sql.js";
import type { ExposureCountRow, ExposureRepo } from "./store.js";

// Primary keys cannot hold NULL usefully; 0 stands for "no version" (never a real version number).
const NO_VERSION = 0;

const keyOf = (r: ExposureCountRow) => `${r.program}\u0000${r.alias}\u0000${r.version ?? NO_VERSION}\u0000${r.minute}`;

/**
 * Exposure counters. Ingest runs without the global lock (it only adds to counters and
 * claims a unique batch id), so concurrent batches on several replicas touch the same
 * counter rows: rows are merged and sorted before the upsert so every transaction locks
 * them in the same order and two batches can never deadlock each other.
 */
export class SqlExposureRepo implements ExposureRepo {
  constructor(private readonly sql: Sql) {}

  async addCounts(rows: readonly ExposureCountRow[]): Promise<void> {
    // An upsert may not touch one row twice in a statement: rows with one key are added up first.
    const merged = mergeByKey(rows, keyOf, (a, b) => ({ ...a, count: a.count + b.count }));
    await this.sql.insertMany(
      "INSERT INTO exposure_counts (program, alias, version, minute, count)",
      merged.map((r) => [r.program, r.alias, r.version ?? NO_VERSION, r.minute, r.count]),
      "ON CONFLICT (program, alias, version, minute) DO UPDATE SET count = exposure_counts.count + excluded.count",
    );
  }
  async totals(program: string, from: string, to: string) {
    const rows = await this.sql.rows<{ alias: string; version: number; exposures: number }>(
      "SELECT alias, version, SUM(count) AS exposures FROM exposure_counts WHERE program = ? AND minute >= ? AND minute < ? GROUP BY alias, version ORDER BY alias, version",
      [program, from, to],
    );
    return rows.map((r) => ({ alias: r.alias, version: r.version === NO_VERSION ? null : r.version, exposures: r.exposures }));
  }
}
