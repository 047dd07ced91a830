import { TERMINAL, type Rollout } from "../../core/rollout/types.js";
import { json, matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { DecisionRecord, DecisionRepo, RolloutRepo } from "./store.js";

const TERMINAL_SQL = `(${TERMINAL.map((s) => `'${s}'`).join(", ")})`;
const ROLLOUTS = new Table<Rollout>("rollouts", "id, program, status, startedAt, revision", { doc: true });
const DECISIONS = new Table<DecisionRecord>("decisions", "id, program, rolloutId, at", { doc: true });

/**
 * Rollouts as JSON documents; `status`, `started_at` and `revision` are copied into
 * columns for the queries. `update` is a compare-and-set on `revision`, so a writer that
 * read an older state changes nothing (and the caller rolls its unit of work back).
 */
export class SqlRolloutRepo implements RolloutRepo {
  constructor(private readonly sql: Sql) {}

  async insert(r: Rollout): Promise<void> {
    await ROLLOUTS.insert(this.sql, r);
  }
  async get(id: string): Promise<Rollout | null> {
    return ROLLOUTS.one(this.sql, "WHERE id = ?", [id]);
  }
  async update(r: Rollout, expectedRevision: number): Promise<boolean> {
    const sql = "UPDATE rollouts SET status = ?, revision = ?, doc = ? WHERE id = ? AND revision = ?";
    return (await this.sql.exec(sql, [r.status, r.revision, json(r), r.id, expectedRevision])) === 1;
  }
  async active(): Promise<Rollout[]> {
    return ROLLOUTS.rows(this.sql, `WHERE status NOT IN ${TERMINAL_SQL} ORDER BY started_at, id`);
  }
  async byProgram(program: string, limit: number): Promise<Rollout[]> {
    return ROLLOUTS.rows(this.sql, "WHERE program = ? ORDER BY started_at DESC, id DESC LIMIT ?", [program, limit]);
  }
}

/** Append-only decision records; `id` is assigned by the database, so it grows with every append. */
export class SqlDecisionRepo implements DecisionRepo {
  constructor(private readonly sql: Sql) {}

  async append(d: Omit<DecisionRecord, "id">): Promise<DecisionRecord> {
    return { ...d, id: await DECISIONS.append(this.sql, d) };
  }
  async list(f: { program?: string | undefined; rolloutId?: string | undefined; after: number; limit: number }): Promise<DecisionRecord[]> {
    return DECISIONS.rows(
      this.sql,
      `WHERE id > ? AND ${matchesIfGiven("program")} AND ${matchesIfGiven("rollout_id")} ORDER BY id LIMIT ?`,
      [f.after, ...optional(f.program), ...optional(f.rolloutId), f.limit],
    );
  }
}
