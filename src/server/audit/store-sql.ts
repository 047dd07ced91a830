import { json, matchesIfGiven, optional, parseJson, type Sql } from "../persist/sql.js";
import type { AuditEntry, AuditFilter, AuditRepo } from "./store.js";

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  program: string | null;
  target: string;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
  actor_id: string | null;
  key_id: string | null;
  sig: string | null;
}

const fromRow = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  program: r.program,
  target: r.target,
  before: parseJson(r.before),
  after: parseJson(r.after),
  prevHash: r.prev_hash,
  hash: r.hash,
  ...(r.actor_id !== null ? { actorId: r.actor_id } : {}),
  ...(r.key_id !== null ? { keyId: r.key_id } : {}),
  ...(r.sig !== null ? { sig: r.sig } : {}),
});

const COLUMNS = "seq, at, actor, action, program, target, before, after, prev_hash, hash, actor_id, key_id, sig";

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
      e.seq, e.at, e.actor, e.action, e.program, e.target, json(e.before), json(e.after), e.prevHash, e.hash, e.actorId ?? null, e.keyId ?? null, e.sig ?? null,
    ]);
  }
  async list(f: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.sql.rows<Row>(
      `SELECT ${COLUMNS} FROM audit_log WHERE seq > ? AND ${matchesIfGiven("program")} AND ${matchesIfGiven("action")} AND ${matchesIfGiven("actor")} ORDER BY seq LIMIT ?`,
      [f.after, ...optional(f.program), ...optional(f.action), ...optional(f.actor), f.limit],
    );
    return rows.map(fromRow);
  }
}
