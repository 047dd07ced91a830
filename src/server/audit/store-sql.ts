import { json, matchesIfGiven, optional, parseJson, type Sql } from "../persist/sql.js";
import type { AuditEntry, AuditFilter, AuditRepo } from "./store.js";

type Row = Omit<AuditEntry, "before" | "after" | "actorId" | "keyId" | "sig"> &
  Record<"before" | "after" | "actorId" | "keyId" | "sig", string | null>;

const COLUMNS = "seq, at, actor, action, program, target, before, after, prev_hash, hash, actor_id, key_id, sig";
const SELECT =
  'SELECT seq, at, actor, action, program, target, before, after, prev_hash AS "prevHash", hash, actor_id AS "actorId", key_id AS "keyId", sig FROM audit_log';

// Entries written before principals and signatures (ADR 011) have no actorId, keyId or sig: absent, not null, as they were hashed.
const fromRow = ({ before, after, actorId, keyId, sig, ...rest }: Row): AuditEntry => ({
  ...rest,
  before: parseJson(before),
  after: parseJson(after),
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
    await this.sql.exec(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      e.seq,
      e.at,
      e.actor,
      e.action,
      e.program,
      e.target,
      json(e.before),
      json(e.after),
      e.prevHash,
      e.hash,
      e.actorId ?? null,
      e.keyId ?? null,
      e.sig ?? null,
    ]);
  }
  async list(f: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.sql.rows<Row>(
      `${SELECT} WHERE seq > ? AND ${matchesIfGiven("program")} AND ${matchesIfGiven("action")} AND ${matchesIfGiven("actor")} ORDER BY seq LIMIT ?`,
      [f.after, ...optional(f.program), ...optional(f.action), ...optional(f.actor), f.limit],
    );
    return rows.map(fromRow);
  }
}
