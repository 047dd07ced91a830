import type { Transactional } from "../store/transactional.js";
import { UndoJournal } from "../store/undo-journal.js";
import type { ExposureCountRow, ExposureRepo } from "./store.js";

interface State {
  batches: Map<string, { at: string; dropped: number }>;
  counts: Map<string, ExposureCountRow>;
}

export class MemoryExposureRepo implements ExposureRepo, Transactional {
  private readonly state: State = { batches: new Map(), counts: new Map() };
  private readonly journal = new UndoJournal();

  async claimBatch(batchId: string, at: string, _accepted: number, dropped: number): Promise<boolean> {
    if (this.state.batches.has(batchId)) return false;
    this.journal.set(this.state.batches, batchId, { at, dropped });
    return true;
  }
  async addCounts(rows: readonly ExposureCountRow[]): Promise<void> {
    for (const row of rows) {
      const k = `${row.program}\u0000${row.alias}\u0000${row.version}\u0000${row.minute}`;
      const existing = this.state.counts.get(k);
      this.journal.set(this.state.counts, k, existing ? { ...existing, count: existing.count + row.count } : { ...row });
    }
  }
  async totals(program: string, from: string, to: string) {
    const sums = new Map<string, { alias: string; version: number | null; exposures: number }>();
    for (const row of this.state.counts.values()) {
      if (row.program !== program || row.minute < from || row.minute >= to) continue;
      const k = `${row.alias}\u0000${row.version}`;
      const entry = sums.get(k) ?? { alias: row.alias, version: row.version, exposures: 0 };
      entry.exposures += row.count;
      sums.set(k, entry);
    }
    return [...sums.values()].sort((a, b) => a.alias.localeCompare(b.alias) || (a.version ?? 0) - (b.version ?? 0));
  }
  async droppedBetween(from: string, to: string): Promise<number> {
    let total = 0;
    for (const b of this.state.batches.values()) if (b.at >= from && b.at <= to) total += b.dropped;
    return total;
  }
  save(): unknown {
    return this.journal.save();
  }
  restore(saved: unknown): void {
    this.journal.restore(saved);
  }
}
