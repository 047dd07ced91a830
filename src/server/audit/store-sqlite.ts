import type { Database } from "better-sqlite3";
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

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));
const fromRow = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  program: r.program,
  target: r.target,
  before: parse(r.before),
  after: parse(r.after),
  prevHash: r.prev_hash,
  hash: r.hash,
  ...(r.actor_id !== null ? { actorId: r.actor_id } : {}),
  ...(r.key_id !== null ? { keyId: r.key_id } : {}),
  ...(r.sig !== null ? { sig: r.sig } : {}),
});

export class SqliteAuditRepo implements AuditRepo {
  private readonly headStmt;
  private readonly insertStmt;
  private readonly listStmt;

  constructor(db: Database) {
    this.headStmt = db.prepare<[], { seq: number; hash: string }>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, program, target, before, after, prev_hash, hash, actor_id, key_id, sig)
       VALUES (@seq, @at, @actor, @action, @program, @target, @before, @after, @prevHash, @hash, @actorId, @keyId, @sig)`,
    );
    this.listStmt = db.prepare<Record<string, unknown>, Row>(
      `SELECT * FROM audit_log WHERE seq > @after
         AND (@program IS NULL OR program = @program) AND (@action IS NULL OR action = @action) AND (@actor IS NULL OR actor = @actor)
       ORDER BY seq LIMIT @limit`,
    );
  }
  async head(): Promise<{ seq: number; hash: string } | null> {
    return this.headStmt.get() ?? null;
  }
  async insert(e: AuditEntry): Promise<void> {
    this.insertStmt.run({
      ...e,
      actorId: e.actorId ?? null,
      keyId: e.keyId ?? null,
      sig: e.sig ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    });
  }
  async list(f: AuditFilter): Promise<AuditEntry[]> {
    return this.listStmt.all({ after: f.after, limit: f.limit, program: f.program ?? null, action: f.action ?? null, actor: f.actor ?? null }).map(fromRow);
  }
}
