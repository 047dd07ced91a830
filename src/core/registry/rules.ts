import type { AliasMove, Candidate } from "./types.js";

/** Names of programs and aliases: lowercase, digits, '-', '_' and '.', starting with a letter. */
export const NAME_PATTERN = /^[a-z][a-z0-9._-]{0,62}$/;
export const NAME_RULE = "1-63 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter";

/** Why a candidate may not be pointed at by an alias, or null if it may. */
export function aliasBlocker(candidate: Candidate): string | null {
  if (candidate.status === "retired") return `version ${candidate.version} is retired and can never be aliased`;
  if (candidate.status === "rejected") {
    return `version ${candidate.version} was rejected${candidate.statusReason ? ` (${candidate.statusReason})` : ""} and can never be aliased`;
  }
  return null;
}

/**
 * The version an alias pointed at, at time `at`, from its moves (any order).
 * Returns null when the alias did not exist yet or pointed nowhere.
 */
export function versionAt(moves: readonly AliasMove[], at: string): number | null {
  const atMs = Date.parse(at);
  let best: AliasMove | null = null;
  for (const move of moves) {
    if (Date.parse(move.at) > atMs) continue;
    if (!best || Date.parse(move.at) > Date.parse(best.at) || (move.at === best.at && move.id > best.id)) best = move;
  }
  return best ? best.toVersion : null;
}

/** The version a rollback returns to: where the alias pointed before its latest move. */
export function rollbackTarget(moves: readonly AliasMove[]): { from: number | null; to: number | null } | null {
  let latest: AliasMove | null = null;
  for (const move of moves) if (!latest || move.id > latest.id) latest = move;
  if (!latest || latest.fromVersion === null) return null;
  return { from: latest.toVersion, to: latest.fromVersion };
}
