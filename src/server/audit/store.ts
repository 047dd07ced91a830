export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  program: string | null;
  target: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
  /** The acting principal's id (absent on entries written before principals). Covered by the hash. */
  actorId?: string;
  /** Ed25519 signature of `hash` and the id of the key that made it (absent on entries before signing). */
  keyId?: string;
  sig?: string;
}

export interface AuditFilter {
  program?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  /** Only entries with seq greater than this. */
  after: number;
  limit: number;
}

export interface AuditRepo {
  head(): Promise<{ seq: number; hash: string } | null>;
  insert(entry: AuditEntry): Promise<void>;
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}
