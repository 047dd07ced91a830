import type { Rollout } from "../../core/rollout/types.js";
import { TERMINAL } from "../../core/rollout/types.js";
import { jsonParam, toNumber, type PgSql } from "../store/postgres-sql.js";
import type { DecisionRecord, DecisionRepo, RolloutRepo } from "./store.js";

/**
 * Rollouts as JSONB documents; `status`, `started_at` and `revision` are copied into
 * columns for the queries. `update` is a compare-and-set on `revision`, so a writer that
 * read an older state changes nothing (and the caller rolls its unit of work back).
 */
export class PostgresRolloutRepo implements RolloutRepo {
  constructor(private readonly sql: PgSql) {}

  async insert(r: Rollout): Promise<void> {
    await this.sql.exec("INSERT INTO rollouts (id, program, status, started_at, revision, doc) VALUES ($1, $2, $3, $4, $5, $6::jsonb)", [r.id, r.program, r.status, r.startedAt, r.revision, jsonParam(r)]);
  }
  async get(id: string): Promise<Rollout | null> {
    return (await this.sql.one<{ doc: Rollout }>("SELECT doc FROM rollouts WHERE id = $1", [id]))?.doc ?? null;
  }
  async update(r: Rollout, expectedRevision: number): Promise<boolean> {
    const changed = await this.sql.exec("UPDATE rollouts SET status = $1, revision = $2, doc = $3::jsonb WHERE id = $4 AND revision = $5", [r.status, r.revision, jsonParam(r), r.id, expectedRevision]);
    return changed === 1;
  }
  async active(): Promise<Rollout[]> {
    const rows = await this.sql.rows<{ doc: Rollout }>("SELECT doc FROM rollouts WHERE status <> ALL($1::text[]) ORDER BY started_at, id", [[...TERMINAL]]);
    return rows.map((row) => row.doc);
  }
  async byProgram(program: string, limit: number): Promise<Rollout[]> {
    const rows = await this.sql.rows<{ doc: Rollout }>("SELECT doc FROM rollouts WHERE program = $1 ORDER BY started_at DESC, id DESC LIMIT $2", [program, limit]);
    return rows.map((row) => row.doc);
  }
}

type DecisionDoc = Omit<DecisionRecord, "id">;

/** Append-only decision records; `id` comes from an identity column, so it grows with every append. */
export class PostgresDecisionRepo implements DecisionRepo {
  constructor(private readonly sql: PgSql) {}

  async append(d: DecisionDoc): Promise<DecisionRecord> {
    const row = await this.sql.one<{ id: string }>("INSERT INTO decisions (program, rollout_id, at, doc) VALUES ($1, $2, $3, $4::jsonb) RETURNING id", [d.program, d.rolloutId, d.at, jsonParam(d)]);
    return { ...d, id: toNumber(row!.id) };
  }
  async list(f: { program?: string | undefined; rolloutId?: string | undefined; after: number; limit: number }): Promise<DecisionRecord[]> {
    const rows = await this.sql.rows<{ id: string; doc: DecisionDoc }>(
      `SELECT id, doc FROM decisions WHERE id > $1 AND ($2::text IS NULL OR program = $2) AND ($3::text IS NULL OR rollout_id = $3)
       ORDER BY id LIMIT $4`,
      [f.after, f.program ?? null, f.rolloutId ?? null, f.limit],
    );
    return rows.map((r) => ({ ...r.doc, id: toNumber(r.id) }));
  }
}
