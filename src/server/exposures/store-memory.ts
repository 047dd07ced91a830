import { keyOf, MemoryRepo } from "../persist/memory-repo.js";
import type { ExposureCountRow, ExposureRepo } from "./store.js";

export class MemoryExposureRepo extends MemoryRepo implements ExposureRepo {
  private readonly counts = new Map<string, ExposureCountRow>();

  async addCounts(rows: readonly ExposureCountRow[]): Promise<void> {
    for (const row of rows) {
      const k = keyOf(row.program, row.alias, row.version, row.minute);
      const existing = this.counts.get(k);
      this.journal.set(this.counts, k, existing ? { ...existing, count: existing.count + row.count } : { ...row });
    }
  }
  async totals(program: string, from: string, to: string) {
    const sums = new Map<string, { alias: string; version: number | null; exposures: number }>();
    for (const row of this.counts.values()) {
      if (row.program !== program || row.minute < from || row.minute >= to) continue;
      const k = keyOf(row.alias, row.version);
      const entry = sums.get(k) ?? { alias: row.alias, version: row.version, exposures: 0 };
      entry.exposures += row.count;
      sums.set(k, entry);
    }
    return [...sums.values()].sort((a, b) => a.alias.localeCompare(b.alias) || (a.version ?? 0) - (b.version ?? 0));
  }
}
