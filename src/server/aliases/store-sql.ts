import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { matchesIfGiven, optional, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { AliasRepo } from "./store.js";

const ALIASES = new Table<AliasState>("aliases", "program, alias, version, movedAt, movedBy");
const MOVES = new Table<AliasMove>("alias_moves", "id, program, alias, fromVersion, toVersion, actor, reason, at");

export class SqlAliasRepo implements AliasRepo {
  constructor(private readonly sql: Sql) {}

  async get(program: string, alias: string): Promise<AliasState | null> {
    return ALIASES.one(this.sql, "WHERE program = ? AND alias = ?", [program, alias]);
  }
  async list(program: string): Promise<AliasState[]> {
    return ALIASES.rows(this.sql, "WHERE program = ? ORDER BY alias", [program]);
  }
  async listAll(): Promise<AliasState[]> {
    return ALIASES.rows(this.sql, "ORDER BY program, alias");
  }
  async set(s: AliasState): Promise<void> {
    await ALIASES.insert(
      this.sql,
      s,
      "ON CONFLICT (program, alias) DO UPDATE SET version = excluded.version, moved_at = excluded.moved_at, moved_by = excluded.moved_by",
    );
  }
  async remove(program: string, alias: string): Promise<void> {
    await this.sql.exec("DELETE FROM aliases WHERE program = ? AND alias = ?", [program, alias]);
  }
  async appendMove(m: Omit<AliasMove, "id">): Promise<AliasMove> {
    return { ...m, id: await MOVES.append(this.sql, m) };
  }
  async moves(program: string, alias?: string): Promise<AliasMove[]> {
    return MOVES.rows(this.sql, `WHERE program = ? AND ${matchesIfGiven("alias")} ORDER BY id`, [program, ...optional(alias)]);
  }
}
