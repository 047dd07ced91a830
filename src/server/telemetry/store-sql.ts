import { mergeUnits, type UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import { mergeWindows, type VariantWindow } from "../../core/telemetry/variant-window.js";
import { Table } from "../persist/table.js";
import { json, LOCK_CLASS, matchesIfGiven, mergeByKey, optional, parseJson, type Sql } from "../persist/sql.js";
import type { PendingLabel, PendingPrediction, TelemetryRepo, UnitRow, WindowKey, WindowRow } from "./store.js";

type WRow = Omit<WindowRow, "window"> & { data: string };
const windowFrom = ({ data, ...key }: WRow): WindowRow => ({ ...key, window: parseJson(data) });

const W = "program, version, segment, width, start, data";
const U = "program, version, segment, unit_id, first_seen, totals";
const UNITS = new Table<UnitRow>("telemetry_units", "program, version, segment, unitId, firstSeen, totals", { json: ["totals"] });
const PREDICTIONS = new Table<PendingPrediction>("pending_predictions", "program, predictionId, version, segments, predicted, at", {
  json: ["segments"],
  flags: ["predicted"],
});
const WKEY = "program = ? AND version = ? AND segment = ? AND width = ? AND start = ?";
const UKEY = "program = ? AND version = ? AND segment = ? AND unit_id = ?";

/**
 * Telemetry aggregates. Windows and unit totals are merged in JavaScript (sketches
 * cannot be added in SQL): each merge reads its row with a row lock, or inserts it, so
 * the read-merge-write stays correct even in a unit of work that skips the global lock.
 */
export class SqlTelemetryRepo implements TelemetryRepo {
  constructor(private readonly sql: Sql) {}

  /**
   * Merges into the row at `key` (read under a row lock) or inserts it; again if a concurrent writer
   * inserted first. `insertFirst` tries the insert before the read, for rows that are mostly new
   * (unit totals: one statement instead of two); windows are mostly there already (two instead of three).
   */
  private async mergeRow<Prev>(
    table: string,
    columns: string,
    where: string,
    read: string,
    key: unknown[],
    merge: (prev: Prev | null) => unknown[],
    insertFirst: boolean,
  ): Promise<void> {
    const insert = async (values: unknown[]) =>
      (await this.sql.exec(
        `INSERT INTO ${table} (${columns}) VALUES (${[...key, ...values].map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`,
        [...key, ...values],
      )) === 1;
    if (insertFirst && (await insert(merge(null)))) return;
    for (;;) {
      const prev = await this.sql.one<Prev>(`SELECT ${read} FROM ${table} WHERE ${where}${this.sql.forUpdate}`, key);
      if (prev) {
        // "first_seen, totals" → "first_seen = ?, totals = ?"
        await this.sql.exec(`UPDATE ${table} SET ${read.replace(/\w+/g, "$& = ?")} WHERE ${where}`, [...merge(prev), ...key]);
        return;
      }
      if (await insert(merge(null))) return;
    }
  }

  async addWindows(rows: readonly WindowRow[]): Promise<void> {
    const merged = mergeByKey(
      rows,
      (r) => `${r.program}\u0000${r.version}\u0000${r.segment}\u0000${r.width}\u0000${r.start}`,
      (a, b) => ({ ...a, window: mergeWindows(a.window, b.window) }),
    );
    for (const r of merged) {
      const merge = (prev: { data: string } | null) => [
        json(prev ? mergeWindows(parseJson<VariantWindow>(prev.data), r.window) : r.window),
      ];
      await this.mergeRow("telemetry_windows", W, WKEY, "data", [r.program, r.version, r.segment, r.width, r.start], merge, false);
    }
  }
  async windows(program: string, from: number, to: number, segment?: string): Promise<WindowRow[]> {
    const rows = await this.sql.rows<WRow>(
      `SELECT ${W} FROM telemetry_windows WHERE program = ? AND start >= ? AND start < ? AND ${matchesIfGiven("segment")} ORDER BY start, version, segment, width`,
      [program, from, to, ...optional(segment)],
    );
    return rows.map(windowFrom);
  }
  async windowsBefore(width: number, before: number, limit: number): Promise<WindowRow[]> {
    const rows = await this.sql.rows<WRow>(
      `SELECT ${W} FROM telemetry_windows WHERE width = ? AND start < ? ORDER BY start, program, version, segment LIMIT ?`,
      [width, before, limit],
    );
    return rows.map(windowFrom);
  }
  async deleteWindows(keys: readonly WindowKey[]): Promise<void> {
    for (const k of keys)
      await this.sql.exec(`DELETE FROM telemetry_windows WHERE ${WKEY}`, [k.program, k.version, k.segment, k.width, k.start]);
  }

  async addUnits(rows: readonly UnitRow[]): Promise<void> {
    const merged = mergeByKey(
      rows,
      (r) => `${r.program}\u0000${r.version}\u0000${r.segment}\u0000${r.unitId}`,
      (a, b) => ({ ...a, firstSeen: Math.min(a.firstSeen, b.firstSeen), totals: mergeUnits(a.totals, b.totals) }),
    );
    for (const r of merged) {
      const merge = (prev: { first_seen: number; totals: string } | null) =>
        prev
          ? [Math.min(prev.first_seen, r.firstSeen), json(mergeUnits(parseJson<UnitTotals>(prev.totals), r.totals))]
          : [r.firstSeen, json(r.totals)];
      await this.mergeRow("telemetry_units", U, UKEY, "first_seen, totals", [r.program, r.version, r.segment, r.unitId], merge, true);
    }
  }
  async units(program: string, segment: string, from: number, to: number): Promise<UnitRow[]> {
    return UNITS.rows(
      this.sql,
      "WHERE program = ? AND segment = ? AND first_seen >= ? AND first_seen < ? ORDER BY first_seen, version, unit_id",
      [program, segment, from, to],
    );
  }
  async deleteUnitsBefore(before: number): Promise<number> {
    return this.sql.exec("DELETE FROM telemetry_units WHERE first_seen < ?", [before]);
  }

  async putPrediction(p: PendingPrediction): Promise<void> {
    await PREDICTIONS.insert(
      this.sql,
      p,
      "ON CONFLICT (program, prediction_id, version) DO UPDATE SET segments = excluded.segments, predicted = excluded.predicted, at = excluded.at",
    );
  }
  /**
   * A prediction and its label may arrive in two batches ingested at once on two replicas,
   * outside the global lock: each would miss the other's uncommitted row and park its own,
   * and the pair would never be joined. Taking either side first locks the prediction id
   * until commit, so the second batch waits and then finds the first one's row.
   */
  private lockPrediction(program: string, id: string): Promise<void> {
    return this.sql.lockKey(LOCK_CLASS.predictionJoin, `\n${program}\n${id}`);
  }

  async takePredictions(program: string, id: string): Promise<PendingPrediction[]> {
    await this.lockPrediction(program, id);
    // DELETE … RETURNING: two replicas can never both take the same prediction.
    const rows = await PREDICTIONS.take(this.sql, "WHERE program = ? AND prediction_id = ?", [program, id]);
    return rows.sort((a, b) => a.version - b.version);
  }
  async putLabel(l: PendingLabel): Promise<void> {
    await this.sql.exec(
      "INSERT INTO pending_labels (program, prediction_id, actual, at) VALUES (?, ?, ?, ?) ON CONFLICT (program, prediction_id) DO UPDATE SET actual = excluded.actual, at = excluded.at",
      [l.program, l.predictionId, l.actual, l.at],
    );
  }
  /** The parked label, left in place until it expires: another version's prediction with its id may still come. */
  async getLabel(program: string, id: string): Promise<PendingLabel | null> {
    await this.lockPrediction(program, id);
    const row = await this.sql.one<{ actual: number | boolean; at: number }>(
      "SELECT actual, at FROM pending_labels WHERE program = ? AND prediction_id = ?",
      [program, id],
    );
    return row ? { program, predictionId: id, actual: Boolean(row.actual), at: row.at } : null;
  }
  async expirePending(before: number): Promise<PendingPrediction[]> {
    const rows = await PREDICTIONS.take(this.sql, "WHERE at < ?", [before]);
    await this.sql.exec("DELETE FROM pending_labels WHERE at < ?", [before]);
    return rows.sort((a, b) => a.at - b.at);
  }
}
