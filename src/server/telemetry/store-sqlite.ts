import type { Database } from "better-sqlite3";
import { mergeUnits, type UnitTotals } from "../../core/telemetry/unit-accumulator.js";
import { mergeWindows, type VariantWindow } from "../../core/telemetry/variant-window.js";
import type { PendingLabel, PendingPrediction, TelemetryRepo, UnitRow, WindowKey, WindowRow } from "./store.js";

interface WRow {
  program: string;
  version: number;
  segment: string;
  width: number;
  start: number;
  data: string;
}
interface URow {
  program: string;
  version: number;
  segment: string;
  unit_id: string;
  first_seen: number;
  totals: string;
}
interface PRow {
  program: string;
  prediction_id: string;
  version: number;
  segments: string;
  predicted: number;
  at: number;
}

const windowFrom = (r: WRow): WindowRow => ({ program: r.program, version: r.version, segment: r.segment, width: r.width, start: r.start, window: JSON.parse(r.data) as VariantWindow });
const unitFrom = (r: URow): UnitRow => ({ program: r.program, version: r.version, segment: r.segment, unitId: r.unit_id, firstSeen: r.first_seen, totals: JSON.parse(r.totals) as UnitTotals });
const predictionFrom = (r: PRow): PendingPrediction => ({ program: r.program, predictionId: r.prediction_id, version: r.version, segments: JSON.parse(r.segments) as string[], predicted: r.predicted === 1, at: r.at });

export class SqliteTelemetryRepo implements TelemetryRepo {
  private readonly getWindow;
  private readonly putWindow;
  private readonly listWindows;
  private readonly listWindowsOfSegment;
  private readonly windowsBeforeStmt;
  private readonly deleteWindow;
  private readonly getUnit;
  private readonly putUnit;
  private readonly listUnits;
  private readonly deleteUnits;
  private readonly putPredictionStmt;
  private readonly getPrediction;
  private readonly deletePrediction;
  private readonly putLabelStmt;
  private readonly getLabelStmt;
  private readonly expiredPredictions;
  private readonly deleteExpiredPredictions;
  private readonly deleteExpiredLabels;

  constructor(db: Database) {
    this.getWindow = db.prepare<[string, number, string, number, number], { data: string }>(
      "SELECT data FROM telemetry_windows WHERE program = ? AND version = ? AND segment = ? AND width = ? AND start = ?",
    );
    this.putWindow = db.prepare(
      `INSERT INTO telemetry_windows (program, version, segment, width, start, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (program, version, segment, width, start) DO UPDATE SET data = excluded.data`,
    );
    this.listWindows = db.prepare<[string, number, number], WRow>("SELECT * FROM telemetry_windows WHERE program = ? AND start >= ? AND start < ? ORDER BY start");
    this.listWindowsOfSegment = db.prepare<[string, number, number, string], WRow>(
      "SELECT * FROM telemetry_windows WHERE program = ? AND start >= ? AND start < ? AND segment = ? ORDER BY start",
    );
    this.windowsBeforeStmt = db.prepare<[number, number, number], WRow>("SELECT * FROM telemetry_windows WHERE width = ? AND start < ? ORDER BY start LIMIT ?");
    this.deleteWindow = db.prepare("DELETE FROM telemetry_windows WHERE program = ? AND version = ? AND segment = ? AND width = ? AND start = ?");
    this.getUnit = db.prepare<[string, number, string, string], URow>("SELECT * FROM telemetry_units WHERE program = ? AND version = ? AND segment = ? AND unit_id = ?");
    this.putUnit = db.prepare(
      `INSERT INTO telemetry_units (program, version, segment, unit_id, first_seen, totals) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (program, version, segment, unit_id) DO UPDATE SET first_seen = excluded.first_seen, totals = excluded.totals`,
    );
    this.listUnits = db.prepare<[string, string, number, number], URow>("SELECT * FROM telemetry_units WHERE program = ? AND segment = ? AND first_seen >= ? AND first_seen < ?");
    this.deleteUnits = db.prepare("DELETE FROM telemetry_units WHERE first_seen < ?");
    this.putPredictionStmt = db.prepare(
      `INSERT INTO pending_predictions (program, prediction_id, version, segments, predicted, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (program, prediction_id, version) DO UPDATE SET segments = excluded.segments, predicted = excluded.predicted, at = excluded.at`,
    );
    this.getPrediction = db.prepare<[string, string], PRow>("SELECT * FROM pending_predictions WHERE program = ? AND prediction_id = ? ORDER BY version");
    this.deletePrediction = db.prepare("DELETE FROM pending_predictions WHERE program = ? AND prediction_id = ?");
    this.putLabelStmt = db.prepare(
      "INSERT INTO pending_labels (program, prediction_id, actual, at) VALUES (?, ?, ?, ?) ON CONFLICT (program, prediction_id) DO UPDATE SET actual = excluded.actual, at = excluded.at",
    );
    this.getLabelStmt = db.prepare<[string, string], { actual: number; at: number }>("SELECT actual, at FROM pending_labels WHERE program = ? AND prediction_id = ?");
    this.expiredPredictions = db.prepare<[number], PRow>("SELECT * FROM pending_predictions WHERE at < ?");
    this.deleteExpiredPredictions = db.prepare("DELETE FROM pending_predictions WHERE at < ?");
    this.deleteExpiredLabels = db.prepare("DELETE FROM pending_labels WHERE at < ?");
  }

  async addWindows(rows: readonly WindowRow[]): Promise<void> {
    for (const r of rows) {
      const prev = this.getWindow.get(r.program, r.version, r.segment, r.width, r.start);
      const merged = prev ? mergeWindows(JSON.parse(prev.data) as VariantWindow, r.window) : r.window;
      this.putWindow.run(r.program, r.version, r.segment, r.width, r.start, JSON.stringify(merged));
    }
  }
  async windows(program: string, from: number, to: number, segment?: string): Promise<WindowRow[]> {
    const rows = segment === undefined ? this.listWindows.all(program, from, to) : this.listWindowsOfSegment.all(program, from, to, segment);
    return rows.map(windowFrom);
  }
  async windowsBefore(width: number, before: number, limit: number): Promise<WindowRow[]> {
    return this.windowsBeforeStmt.all(width, before, limit).map(windowFrom);
  }
  async deleteWindows(keys: readonly WindowKey[]): Promise<void> {
    for (const k of keys) this.deleteWindow.run(k.program, k.version, k.segment, k.width, k.start);
  }
  async addUnits(rows: readonly UnitRow[]): Promise<void> {
    for (const r of rows) {
      const prev = this.getUnit.get(r.program, r.version, r.segment, r.unitId);
      const totals = prev ? mergeUnits(JSON.parse(prev.totals) as UnitTotals, r.totals) : r.totals;
      const firstSeen = prev ? Math.min(prev.first_seen, r.firstSeen) : r.firstSeen;
      this.putUnit.run(r.program, r.version, r.segment, r.unitId, firstSeen, JSON.stringify(totals));
    }
  }
  async units(program: string, segment: string, from: number, to: number): Promise<UnitRow[]> {
    return this.listUnits.all(program, segment, from, to).map(unitFrom);
  }
  async deleteUnitsBefore(before: number): Promise<number> {
    return this.deleteUnits.run(before).changes;
  }
  async putPrediction(p: PendingPrediction): Promise<void> {
    this.putPredictionStmt.run(p.program, p.predictionId, p.version, JSON.stringify(p.segments), p.predicted ? 1 : 0, p.at);
  }
  async takePredictions(program: string, id: string): Promise<PendingPrediction[]> {
    const rows = this.getPrediction.all(program, id);
    if (rows.length > 0) this.deletePrediction.run(program, id);
    return rows.map(predictionFrom);
  }
  async putLabel(l: PendingLabel): Promise<void> {
    this.putLabelStmt.run(l.program, l.predictionId, l.actual ? 1 : 0, l.at);
  }
  async getLabel(program: string, id: string): Promise<PendingLabel | null> {
    const row = this.getLabelStmt.get(program, id);
    if (!row) return null;
    return { program, predictionId: id, actual: row.actual === 1, at: row.at };
  }
  async expirePending(before: number): Promise<PendingPrediction[]> {
    const rows = this.expiredPredictions.all(before).map(predictionFrom);
    this.deleteExpiredPredictions.run(before);
    this.deleteExpiredLabels.run(before);
    return rows;
  }
}
