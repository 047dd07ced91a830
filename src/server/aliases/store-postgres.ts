import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { toNumber, type PgSql } from "../store/postgres-sql.js";
import { ALIAS_MOVE_COLUMNS as MOVE, ALIAS_STATE_COLUMNS as STATE, moveFromRow, stateFromRow, type AliasMoveRow as MoveRow, type AliasStateRow as StateRow } from "./rows.js";
import type { AliasRepo } from "./store.js";

export class PostgresAliasRepo implements AliasRepo {
  constructor(private readonly sql: PgSql) {}

  async get(program: string, alias: string): Promise<AliasState | null> {
    const row = await this.sql.one<StateRow>(`SELECT ${STATE} FROM aliases WHERE program = $1 AND alias = $2`, [program, alias]);
    return row ? stateFromRow(row) : null;
  }
  async list(program: string): Promise<AliasState[]> {
    return (await this.sql.rows<StateRow>(`SELECT ${STATE} FROM aliases WHERE program = $1 ORDER BY alias`, [program])).map(stateFromRow);
  }
  async listAll(): Promise<AliasState[]> {
    return (await this.sql.rows<StateRow>(`SELECT ${STATE} FROM aliases ORDER BY program, alias`)).map(stateFromRow);
  }
  async set(s: AliasState): Promise<void> {
    await this.sql.exec(
      `INSERT INTO aliases (${STATE}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (program, alias) DO UPDATE SET version = excluded.version, moved_at = excluded.moved_at, moved_by = excluded.moved_by`,
      [s.program, s.alias, s.version, s.movedAt, s.movedBy],
    );
  }
  async remove(program: string, alias: string): Promise<void> {
    await this.sql.exec("DELETE FROM aliases WHERE program = $1 AND alias = $2", [program, alias]);
  }
  async appendMove(move: Omit<AliasMove, "id">): Promise<AliasMove> {
    const row = await this.sql.one<{ id: string }>(
      `INSERT INTO alias_moves (program, alias, from_version, to_version, actor, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [move.program, move.alias, move.fromVersion, move.toVersion, move.actor, move.reason, move.at],
    );
    return { ...move, id: toNumber(row!.id) };
  }
  async moves(program: string, alias?: string): Promise<AliasMove[]> {
    const rows = await this.sql.rows<MoveRow>(
      `SELECT ${MOVE} FROM alias_moves WHERE program = $1 AND ($2::text IS NULL OR alias = $2) ORDER BY id`,
      [program, alias ?? null],
    );
    return rows.map(moveFromRow);
  }
}
