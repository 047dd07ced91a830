import { mergeUnits } from "../../core/telemetry/unit-accumulator.js";
import { mergeWindows } from "../../core/telemetry/variant-window.js";
import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { PendingLabel, PendingPrediction, TelemetryRepo, UnitRow, WindowKey, WindowRow } from "./store.js";

const wkey = (k: WindowKey) => keyOf(k.program, k.version, k.segment, k.width, k.start);
const ukey = (u: UnitRow) => keyOf(u.program, u.version, u.segment, u.unitId);

// Windows and units are kept as written, not copied on every read-merge (backtests merge windows per look): the journal undoes them.
export class MemoryTelemetryRepo extends MemoryRepo implements TelemetryRepo {
  private readonly state = { windows: new Map<string, WindowRow>(), units: new Map<string, UnitRow>() };
  private readonly predictions = this.table<PendingPrediction>();
  private readonly labels = this.table<PendingLabel>();

  async addWindows(rows: readonly WindowRow[]): Promise<void> {
    for (const row of rows) {
      const k = wkey(row);
      const prev = this.state.windows.get(k);
      this.journal.set(this.state.windows, k, {
        ...row,
        window: prev ? mergeWindows(prev.window, row.window) : structuredClone(row.window),
      });
    }
  }
  async windows(program: string, from: number, to: number, segment?: string): Promise<WindowRow[]> {
    return [...this.state.windows.values()]
      .filter((w) => w.program === program && w.start >= from && w.start < to && (segment === undefined || w.segment === segment))
      .sort((a, b) => a.start - b.start)
      .map((w) => structuredClone(w));
  }
  async windowsBefore(width: number, before: number, limit: number): Promise<WindowRow[]> {
    return [...this.state.windows.values()]
      .filter((w) => w.width === width && w.start < before)
      .sort((a, b) => a.start - b.start)
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
  async deleteWindows(keys: readonly WindowKey[]): Promise<void> {
    for (const k of keys) this.journal.delete(this.state.windows, wkey(k));
  }
  async addUnits(rows: readonly UnitRow[]): Promise<void> {
    for (const row of rows) {
      const k = ukey(row);
      const prev = this.state.units.get(k);
      this.journal.set(
        this.state.units,
        k,
        prev
          ? { ...prev, firstSeen: Math.min(prev.firstSeen, row.firstSeen), totals: mergeUnits(prev.totals, row.totals) }
          : structuredClone(row),
      );
    }
  }
  async units(program: string, segment: string, from: number, to: number): Promise<UnitRow[]> {
    return [...this.state.units.values()]
      .filter((u) => u.program === program && u.segment === segment && u.firstSeen >= from && u.firstSeen < to)
      .map((u) => structuredClone(u));
  }
  async deleteUnitsBefore(before: number): Promise<number> {
    let n = 0;
    for (const [k, u] of [...this.state.units]) if (u.firstSeen < before && this.journal.delete(this.state.units, k)) n++;
    return n;
  }
  async putPrediction(p: PendingPrediction): Promise<void> {
    this.predictions.put(keyOf(p.program, p.predictionId, p.version), p);
  }
  /** Removes and returns the parked predictions with this id, of every version (one per version: a shadow shares the champion's id). */
  async takePredictions(program: string, id: string): Promise<PendingPrediction[]> {
    const found = this.predictions.values((p) => p.program === program && p.predictionId === id).sort((a, b) => a.version - b.version);
    for (const p of found) this.predictions.delete(keyOf(p.program, p.predictionId, p.version));
    return found;
  }
  async putLabel(l: PendingLabel): Promise<void> {
    this.labels.put(keyOf(l.program, l.predictionId), l);
  }
  /** The parked label, left in place until it expires: another version's prediction with its id may still come. */
  async getLabel(program: string, id: string): Promise<PendingLabel | null> {
    return this.labels.get(keyOf(program, id));
  }
  async expirePending(before: number): Promise<PendingPrediction[]> {
    const expired = this.predictions.values((p) => p.at < before).sort((a, b) => a.at - b.at);
    for (const p of expired) this.predictions.delete(keyOf(p.program, p.predictionId, p.version));
    for (const l of this.labels.values((l) => l.at < before)) this.labels.delete(keyOf(l.program, l.predictionId));
    return expired;
  }
}
