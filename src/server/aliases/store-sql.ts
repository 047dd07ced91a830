import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import type { AliasRepo } from "./store.js";

const STATE = "program, alias, version, moved_at, moved_by";
const SELECT_STATE = 'SELECT program, alias, version, moved_at AS "movedAt", moved_by AS "movedBy" FROM aliases';
const SELECT_MOVE =
  'SELECT id, program, alias, from_version AS "fromVersion", to_version AS "toVersion", actor, reason, at FROM alias_moves';

export class SqlAliasRepo implements AliasRepo {
  constructor(private readonly sql: Sql) {}

  async get(program: string, alias: string): Promise<AliasState | null> {
    return this.sql.one<AliasState>(`${SELECT_STATE} WHERE program = ? AND alias = ?`, [program, alias]);
  }
  async list(program: string): Promise<AliasState[]> {
    return this.sql.rows<AliasState>(`${SELECT_STATE} WHERE program = ? ORDER BY alias`, [program]);
  }
  async listAll(): Promise<AliasState[]> {
    return this.sql.rows<AliasState>(`${SELECT_STATE} ORDER BY program, alias`);
  }
  async set(s: AliasState): Promise<void> {
    await this.sql.exec(
      `INSERT INTO aliases (${STATE}) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (program, alias) DO UPDATE SET version = excluded.version, moved_at = excluded.moved_at, moved_by = excluded.moved_by`,
      [s.program, s.alias, s.version, s.movedAt, s.movedBy],
    );
  }
  async remove(program: string, alias: string): Promise<void> {
    await this.sql.exec("DELETE FROM aliases WHERE program = ? AND alias = ?", [program, alias]);
  }
  async appendMove(m: Omit<AliasMove, "id">): Promise<AliasMove> {
    const row = await this.sql.one<{ id: number }>(
      "INSERT INTO alias_moves (program, alias, from_version, to_version, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      [m.program, m.alias, m.fromVersion, m.toVersion, m.actor, m.reason, m.at],
    );
    return { ...m, id: row!.id };
  }
  async moves(program: string, alias?: string): Promise<AliasMove[]> {
    return this.sql.rows<AliasMove>(`${SELECT_MOVE} WHERE program = ? AND ${matchesIfGiven("alias")} ORDER BY id`, [
      program,
      ...optional(alias),
    ]);
  }
}
