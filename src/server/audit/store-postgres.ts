import { jsonParam, toNumber, type PgSql } from "../store/postgres-sql.js";
import type { AuditEntry, AuditFilter, AuditRepo } from "./store.js";

interface Row {
  seq: string;
  at: string;
  actor: string;
  action: string;
  program: string | null;
  target: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
  actor_id: string | null;
  key_id: string | null;
  sig: string | null;
}

const fromRow = (r: Row): AuditEntry => ({
  seq: toNumber(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  program: r.program,
  target: r.target,
  before: r.before ?? null,
  after: r.after ?? null,
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
export class PostgresAuditRepo implements AuditRepo {
  constructor(private readonly sql: PgSql) {}

  async head(): Promise<{ seq: number; hash: string } | null> {
    const row = await this.sql.one<{ seq: string; hash: string }>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    return row ? { seq: toNumber(row.seq), hash: row.hash } : null;
  }
  async insert(e: AuditEntry): Promise<void> {
    await this.sql.exec(
      `INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13)`,
      [e.seq, e.at, e.actor, e.action, e.program, e.target, jsonParam(e.before), jsonParam(e.after), e.prevHash, e.hash, e.actorId ?? null, e.keyId ?? null, e.sig ?? null],
    );
  }
  async list(f: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.sql.rows<Row>(
      `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1
         AND ($2::text IS NULL OR program = $2) AND ($3::text IS NULL OR action = $3) AND ($4::text IS NULL OR actor = $4)
       ORDER BY seq LIMIT $5`,
      [f.after, f.program ?? null, f.action ?? null, f.actor ?? null, f.limit],
    );
    return rows.map(fromRow);
  }
}
