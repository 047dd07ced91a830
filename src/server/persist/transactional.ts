/** An in-memory repository whose state a transaction can save and put back on failure. */
export interface Transactional {
  save(): unknown;
  restore(saved: unknown): void;
}
