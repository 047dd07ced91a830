import { MemoryRepo } from "../persist/memory-repo.js";
import type { IngestBatchRepo } from "./store.js";

export class MemoryIngestBatchRepo extends MemoryRepo implements IngestBatchRepo {
  private readonly batches = new Map<string, { at: string; dropped: number }>();

  async claim(batchId: string, at: string, _accepted: number, dropped: number): Promise<boolean> {
    if (this.batches.has(batchId)) return false;
    this.journal.set(this.batches, batchId, { at, dropped });
    return true;
  }
  async droppedBetween(from: string, to: string): Promise<number> {
    let total = 0;
    for (const b of this.batches.values()) if (b.at >= from && b.at <= to) total += b.dropped;
    return total;
  }
}
