import type { Transactional } from "./transactional.js";
import { UndoJournal } from "./undo-journal.js";

/**
 * Base of the in-memory repositories: each change goes through `journal`, so a unit of
 * work that throws is undone (newest change first) and saving before one costs nothing.
 * Stored values must be replaced, never mutated in place.
 */
export abstract class MemoryRepo implements Transactional {
  protected readonly journal = new UndoJournal();

  save(): unknown {
    return this.journal.save();
  }
  restore(saved: unknown): void {
    this.journal.restore(saved);
  }
}
