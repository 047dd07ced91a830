import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import type { AliasRepo } from "./store.js";

interface StateRow {
  program: string;
  alias: string;
  version: number;
  moved_at: string;
  moved_by: string;
}
interface MoveRow {
  id: number;
  program: string;
  alias: string;
  from_version: number | null;
  to_version: number | null;
  actor: string;
  reason: string;
  at: string;
}

const STATE = "program, alias, version, moved_at, moved_by";
const MOVE = "id, program, alias, from_version, to_version, actor, reason, at";
const stateFromRow = (r: StateRow): AliasState => ({ program: r.program, alias: r.alias, version: r.version, movedAt: r.moved_at, movedBy: r.moved_by });
const moveFromRow = (r: MoveRow): AliasMove => ({ id: r.id, program: r.program, alias: r.alias, fromVersion: r.from_version, toVersion: r.to_version, actor: r.actor, reason: r.reason, at: r.at });

export class SqlAliasRepo implements AliasRepo {
  constructor(private readonly sql: Sql) {}

  async get(program: string, alias: string): Promise<AliasState | null> {
    const row = await this.sql.one<StateRow>(`SELECT ${STATE} FROM aliases WHERE program = ? AND alias = ?`, [program, alias]);
    return row ? stateFromRow(row) : null;
  }
  async list(program: string): Promise<AliasState[]> {
    return (await this.sql.rows<StateRow>(`SELECT ${STATE} FROM aliases WHERE program = ? ORDER BY alias`, [program])).map(stateFromRow);
  }
  async listAll(): Promise<AliasState[]> {
    return (await this.sql.rows<StateRow>(`SELECT ${STATE} FROM aliases ORDER BY program, alias`)).map(stateFromRow);
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
    const rows = await this.sql.rows<MoveRow>(`SELECT ${MOVE} FROM alias_moves WHERE program = ? AND ${matchesIfGiven("alias")} ORDER BY id`, [program, ...optional(alias)]);
    return rows.map(moveFromRow);
  }
}
