import { mergeUnits } from "../../core/telemetry/unit-accumulator.js";
import { mergeWindows } from "../../core/telemetry/variant-window.js";
import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { PendingLabel, PendingPrediction, TelemetryRepo, UnitRow, WindowKey, WindowRow } from "./store.js";

interface State {
  windows: Map<string, WindowRow>;
  units: Map<string, UnitRow>;
  predictions: Map<string, PendingPrediction>;
  labels: Map<string, PendingLabel>;
}
const wkey = (k: WindowKey) => keyOf(k.program, k.version, k.segment, k.width, k.start);
const ukey = (u: UnitRow) => keyOf(u.program, u.version, u.segment, u.unitId);
const pkey = keyOf;

// Values are kept as written, not copied on every read-merge (backtests merge windows per look): the journal undoes them.
export class MemoryTelemetryRepo extends MemoryRepo implements TelemetryRepo {
  private readonly state: State = { windows: new Map(), units: new Map(), predictions: new Map(), labels: new Map() };

  async addWindows(rows: readonly WindowRow[]): Promise<void> {
    for (const row of rows) {
      const k = wkey(row);
      const prev = this.state.windows.get(k);
      this.journal.set(this.state.windows, k, { ...row, window: prev ? mergeWindows(prev.window, row.window) : structuredClone(row.window) });
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
      this.journal.set(this.state.units, k, prev ? { ...prev, firstSeen: Math.min(prev.firstSeen, row.firstSeen), totals: mergeUnits(prev.totals, row.totals) } : structuredClone(row));
    }
  }
  async units(program: string, segment: string, from: number, to: number): Promise<UnitRow[]> {
    return [...this.state.units.values()].filter((u) => u.program === program && u.segment === segment && u.firstSeen >= from && u.firstSeen < to).map((u) => structuredClone(u));
  }
  async deleteUnitsBefore(before: number): Promise<number> {
    let n = 0;
    for (const [k, u] of [...this.state.units]) if (u.firstSeen < before && this.journal.delete(this.state.units, k)) n++;
    return n;
  }
  async putPrediction(p: PendingPrediction): Promise<void> {
    this.journal.set(this.state.predictions, pkey(p.program, p.predictionId), structuredClone(p));
  }
  async takePrediction(program: string, id: string): Promise<PendingPrediction | null> {
    const k = pkey(program, id);
    const p = this.state.predictions.get(k) ?? null;
    this.journal.delete(this.state.predictions, k);
    return p ? structuredClone(p) : null;
  }
  async putLabel(l: PendingLabel): Promise<void> {
    this.journal.set(this.state.labels, pkey(l.program, l.predictionId), { ...l });
  }
  async takeLabel(program: string, id: string): Promise<PendingLabel | null> {
    const k = pkey(program, id);
    const l = this.state.labels.get(k) ?? null;
    this.journal.delete(this.state.labels, k);
    return l ? { ...l } : null;
  }
  async expirePending(before: number): Promise<PendingPrediction[]> {
    const out: PendingPrediction[] = [];
    for (const [k, p] of [...this.state.predictions]) {
      if (p.at < before) {
        out.push(structuredClone(p));
        this.journal.delete(this.state.predictions, k);
      }
    }
    for (const [k, l] of [...this.state.labels]) if (l.at < before) this.journal.delete(this.state.labels, k);
    return out;
  }
}
