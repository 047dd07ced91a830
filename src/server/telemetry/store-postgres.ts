import { mergeUnits, type UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import { mergeWindows, type VariantWindow } from "../../core/telemetry/variant-window.js";
import { LOCK_CLASS } from "../store/postgres-migrations.js";
import { toNumber, type PgSql } from "../store/postgres-sql.js";
import type { PendingLabel, PendingPrediction, TelemetryRepo, UnitRow, WindowKey, WindowRow } from "./store.js";

interface WRow {
  program: string;
  version: number;
  segment: string;
  width: string;
  start: string;
  data: VariantWindow;
}
interface URow {
  program: string;
  version: number;
  segment: string;
  unit_id: string;
  first_seen: string;
  totals: UnitTotals;
}
interface PRow {
  program: string;
  prediction_id: string;
  version: number;
  segments: string[];
  predicted: boolean;
  at: string;
}

const windowFrom = (r: WRow): WindowRow => ({ program: r.program, version: r.version, segment: r.segment, width: toNumber(r.width), start: toNumber(r.start), window: r.data });
const unitFrom = (r: URow): UnitRow => ({ program: r.program, version: r.version, segment: r.segment, unitId: r.unit_id, firstSeen: toNumber(r.first_seen), totals: r.totals });
const predictionFrom = (r: PRow): PendingPrediction => ({ program: r.program, predictionId: r.prediction_id, version: r.version, segments: r.segments, predicted: r.predicted, at: toNumber(r.at) });

const W = "program, version, segment, width, start, data";
const U = "program, version, segment, unit_id, first_seen, totals";
const P = "program, prediction_id, version, segments, predicted, at";
const WKEY = "program = $1 AND version = $2 AND segment = $3 AND width = $4 AND start = $5";
const UKEY = "program = $1 AND version = $2 AND segment = $3 AND unit_id = $4";

/** Merges rows with the same key and sorts them, so concurrent writers lock rows in one order (no deadlock). */
function mergeByKey<R>(rows: readonly R[], key: (r: R) => string, merge: (a: R, b: R) => R): R[] {
  const byKey = new Map<string, R>();
  for (const r of rows) {
    const k = key(r);
    const seen = byKey.get(k);
    byKey.set(k, seen ? merge(seen, r) : r);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * Telemetry aggregates. Windows and unit totals are merged in JavaScript (sketches
 * cannot be added in SQL), so each merge inserts-or-locks its row first: the
 * read-merge-write stays correct even in a unit of work that skips the global lock.
 */
export class PostgresTelemetryRepo implements TelemetryRepo {
  constructor(private readonly sql: PgSql) {}

  async addWindows(rows: readonly WindowRow[]): Promise<void> {
    const merged = mergeByKey(rows, (r) => `${r.program}\u0000${r.version}\u0000${r.segment}\u0000${r.width}\u0000${r.start}`, (a, b) => ({ ...a, window: mergeWindows(a.window, b.window) }));
    for (const r of merged) {
      const key = [r.program, r.version, r.segment, r.width, r.start];
      const inserted = await this.sql.exec(`INSERT INTO telemetry_windows (${W}) VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`, [...key, JSON.stringify(r.window)]);
      if (inserted === 1) continue;
      const prev = await this.sql.one<{ data: VariantWindow }>(`SELECT data FROM telemetry_windows WHERE ${WKEY} FOR UPDATE`, key);
      const window = prev ? mergeWindows(prev.data, r.window) : r.window;
      await this.sql.exec(`UPDATE telemetry_windows SET data = $6::jsonb WHERE ${WKEY}`, [...key, JSON.stringify(window)]);
    }
  }
  async windows(program: string, from: number, to: number, segment?: string): Promise<WindowRow[]> {
    const rows = await this.sql.rows<WRow>(
      `SELECT ${W} FROM telemetry_windows WHERE program = $1 AND start >= $2 AND start < $3 AND ($4::text IS NULL OR segment = $4) ORDER BY start, version, segment, width`,
      [program, from, to, segment ?? null],
    );
    return rows.map(windowFrom);
  }
  async windowsBefore(width: number, before: number, limit: number): Promise<WindowRow[]> {
    const rows = await this.sql.rows<WRow>(`SELECT ${W} FROM telemetry_windows WHERE width = $1 AND start < $2 ORDER BY start, program, version, segment LIMIT $3`, [width, before, limit]);
    return rows.map(windowFrom);
  }
  async deleteWindows(keys: readonly WindowKey[]): Promise<void> {
    for (const k of keys) await this.sql.exec(`DELETE FROM telemetry_windows WHERE ${WKEY}`, [k.program, k.version, k.segment, k.width, k.start]);
  }

  async addUnits(rows: readonly UnitRow[]): Promise<void> {
    const merged = mergeByKey(rows, (r) => `${r.program}\u0000${r.version}\u0000${r.segment}\u0000${r.unitId}`, (a, b) => ({ ...a, firstSeen: Math.min(a.firstSeen, b.firstSeen), totals: mergeUnits(a.totals, b.totals) }));
    for (const r of merged) {
      const key = [r.program, r.version, r.segment, r.unitId];
      const inserted = await this.sql.exec(`INSERT INTO telemetry_units (${U}) VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`, [...key, r.firstSeen, JSON.stringify(r.totals)]);
      if (inserted === 1) continue;
      const prev = await this.sql.one<{ first_seen: string; totals: UnitTotals }>(`SELECT first_seen, totals FROM telemetry_units WHERE ${UKEY} FOR UPDATE`, key);
      const totals = prev ? mergeUnits(prev.totals, r.totals) : r.totals;
      const firstSeen = prev ? Math.min(toNumber(prev.first_seen), r.firstSeen) : r.firstSeen;
      await this.sql.exec(`UPDATE telemetry_units SET first_seen = $5, totals = $6::jsonb WHERE ${UKEY}`, [...key, firstSeen, JSON.stringify(totals)]);
    }
  }
  async units(program: string, segment: string, from: number, to: number): Promise<UnitRow[]> {
    const rows = await this.sql.rows<URow>(
      `SELECT ${U} FROM telemetry_units WHERE program = $1 AND segment = $2 AND first_seen >= $3 AND first_seen < $4 ORDER BY first_seen, version, unit_id`,
      [program, segment, from, to],
    );
    return rows.map(unitFrom);
  }
  async deleteUnitsBefore(before: number): Promise<number> {
    return this.sql.exec("DELETE FROM telemetry_units WHERE first_seen < $1", [before]);
  }

  async putPrediction(p: PendingPrediction): Promise<void> {
    await this.sql.exec(
      `INSERT INTO pending_predictions (${P}) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (program, prediction_id, version) DO UPDATE SET segments = excluded.segments, predicted = excluded.predicted, at = excluded.at`,
      [p.program, p.predictionId, p.version, JSON.stringify(p.segments), p.predicted, p.at],
    );
  }
  /**
   * A prediction and its label may arrive in two batches ingested at once on two replicas,
   * outside the global lock: each would miss the other's uncommitted row and park its own,
   * and the pair would never be joined. Taking either side first locks the prediction id
   * until commit, so the second batch waits and then finds the first one's row.
   */
  private async lockPrediction(program: string, id: string): Promise<void> {
    await this.sql.exec("SELECT pg_advisory_xact_lock($1::int, hashtext(current_schema() || $2))", [LOCK_CLASS.predictionJoin, `\n${program}\n${id}`]);
  }

  async takePredictions(program: string, id: string): Promise<PendingPrediction[]> {
    await this.lockPrediction(program, id);
    // DELETE … RETURNING: two replicas can never both take the same prediction.
    const rows = await this.sql.rows<PRow>(`DELETE FROM pending_predictions WHERE program = $1 AND prediction_id = $2 RETURNING ${P}`, [program, id]);
    return rows.sort((a, b) => a.version - b.version).map(predictionFrom);
  }
  async putLabel(l: PendingLabel): Promise<void> {
    await this.sql.exec(
      "INSERT INTO pending_labels (program, prediction_id, actual, at) VALUES ($1, $2, $3, $4) ON CONFLICT (program, prediction_id) DO UPDATE SET actual = excluded.actual, at = excluded.at",
      [l.program, l.predictionId, l.actual, l.at],
    );
  }
  async getLabel(program: string, id: string): Promise<PendingLabel | null> {
    await this.lockPrediction(program, id);
    const row = await this.sql.one<{ actual: boolean; at: string }>("SELECT actual, at FROM pending_labels WHERE program = $1 AND prediction_id = $2", [program, id]);
    return row ? { program, predictionId: id, actual: row.actual, at: toNumber(row.at) } : null;
  }
  async expirePending(before: number): Promise<PendingPrediction[]> {
    const rows = await this.sql.rows<PRow>(`DELETE FROM pending_predictions WHERE at < $1 RETURNING ${P}`, [before]);
    await this.sql.exec("DELETE FROM pending_labels WHERE at < $1", [before]);
    return rows.sort((a, b) => toNumber(a.at) - toNumber(b.at)).map(predictionFrom);
  }
}
