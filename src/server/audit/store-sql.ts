import { matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { AuditEntry, AuditFilter, AuditRepo } from "./store.js";

const AUDIT = new Table<AuditEntry>(
  "audit_log",
  "seq, at, actor, action, program, target, before, after, prevHash, hash, actorId, keyId, sig",
  { json: ["before", "after"] },
);

// Entries written before principals and signatures (ADR 011) have no actorId, keyId or sig: absent, not null, as they were hashed.
const withoutNulls = ({ actorId, keyId, sig, ...rest }: AuditEntry): AuditEntry => ({
  ...rest,
  ...(actorId !== null && { actorId }),
  ...(keyId !== null && { keyId }),
  ...(sig !== null && { sig }),
});

/**
 * The audit log. `seq` is the primary key, so two writers that read the same head can
 * never both append: one fails instead of forking the chain. Units of work that append
 * hold the global lock (store default), so in practice they never collide.
 */
export class SqlAuditRepo implements AuditRepo {
  constructor(private readonly sql: Sql) {}

  async head(): Promise<{ seq: number; hash: string } | null> {
    return this.sql.one<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  }
  async insert(e: AuditEntry): Promise<void> {
    await AUDIT.insert(this.sql, e);
  }
  async list(f: AuditFilter): Promise<AuditEntry[]> {
    const rows = await AUDIT.rows(
      this.sql,
      `WHERE seq > ? AND ${matchesIfGiven("program")} AND ${matchesIfGiven("action")} AND ${matchesIfGiven("actor")} ORDER BY seq LIMIT ?`,
      [f.after, ...optional(f.program), ...optional(f.action), ...optional(f.actor), f.limit],
    );
    return rows.map(withoutNulls);
  }
}
