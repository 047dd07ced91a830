import type { AliasMove, AliasState } from "../../core/registry/types.js";

/** Rows of `aliases` and `alias_moves` as both SQL stores return them (PostgreSQL's BIGSERIAL ids arrive as strings). */
export interface AliasStateRow {
  program: string;
  alias: string;
  version: number;
  moved_at: string;
  moved_by: string;
}
export interface AliasMoveRow {
  id: number | string;
  program: string;
  alias: string;
  from_version: number | null;
  to_version: number | null;
  actor: string;
  reason: string;
  at: string;
}

export const ALIAS_STATE_COLUMNS = "program, alias, version, moved_at, moved_by";
export const ALIAS_MOVE_COLUMNS = "id, program, alias, from_version, to_version, actor, reason, at";

export const stateFromRow = (r: AliasStateRow): AliasState => ({ program: r.program, alias: r.alias, version: r.version, movedAt: r.moved_at, movedBy: r.moved_by });

export const moveFromRow = (r: AliasMoveRow): AliasMove => ({
  id: Number(r.id),
  program: r.program,
  alias: r.alias,
  fromVersion: r.from_version,
  toVersion: r.to_version,
  actor: r.actor,
  reason: r.reason,
  at: r.at,
});
