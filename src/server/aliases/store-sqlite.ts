import type { Database } from "better-sqlite3";
import type { AliasMove, AliasState } from "../../core/registry/types.js";
import { moveFromRow, stateFromRow, type AliasMoveRow as MoveRow, type AliasStateRow as StateRow } from "./rows.js";
import type { AliasRepo } from "./store.js";

export class SqliteAliasRepo implements AliasRepo {
  private readonly getStmt;
  private readonly listStmt;
  private readonly listAllStmt;
  private readonly setStmt;
  private readonly removeStmt;
  private readonly appendStmt;
  private readonly movesStmt;
  private readonly movesOfAliasStmt;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string, string], StateRow>("SELECT * FROM aliases WHERE program = ? AND alias = ?");
    this.listStmt = db.prepare<[string], StateRow>("SELECT * FROM aliases WHERE program = ? ORDER BY alias");
    this.listAllStmt = db.prepare<[], StateRow>("SELECT * FROM aliases ORDER BY program, alias");
    this.setStmt = db.prepare(
      `INSERT INTO aliases (program, alias, version, moved_at, moved_by) VALUES (@program, @alias, @version, @movedAt, @movedBy)
       ON CONFLICT (program, alias) DO UPDATE SET version = excluded.version, moved_at = excluded.moved_at, moved_by = excluded.moved_by`,
    );
    this.removeStmt = db.prepare("DELETE FROM aliases WHERE program = ? AND alias = ?");
    this.appendStmt = db.prepare<Record<string, unknown>, { id: number }>(
      `INSERT INTO alias_moves (program, alias, from_version, to_version, actor, reason, at)
       VALUES (@program, @alias, @fromVersion, @toVersion, @actor, @reason, @at) RETURNING id`,
    );
    this.movesStmt = db.prepare<[string], MoveRow>("SELECT * FROM alias_moves WHERE program = ? ORDER BY id");
    this.movesOfAliasStmt = db.prepare<[string, string], MoveRow>("SELECT * FROM alias_moves WHERE program = ? AND alias = ? ORDER BY id");
  }

  async get(program: string, alias: string): Promise<AliasState | null> {
    const row = this.getStmt.get(program, alias);
    return row ? stateFromRow(row) : null;
  }
  async list(program: string): Promise<AliasState[]> {
    return this.listStmt.all(program).map(stateFromRow);
  }
  async listAll(): Promise<AliasState[]> {
    return this.listAllStmt.all().map(stateFromRow);
  }
  async set(state: AliasState): Promise<void> {
    this.setStmt.run(state);
  }
  async remove(program: string, alias: string): Promise<void> {
    this.removeStmt.run(program, alias);
  }
  async appendMove(move: Omit<AliasMove, "id">): Promise<AliasMove> {
    const row = this.appendStmt.get({ ...move });
    return { ...move, id: row!.id };
  }
  async moves(program: string, alias?: string): Promise<AliasMove[]> {
    const rows = alias === undefined ? this.movesStmt.all(program) : this.movesOfAliasStmt.all(program, alias);
    return rows.map(moveFromRow);
  }
}
