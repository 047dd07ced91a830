import type { Repos } from "./store.js";

const origins = new WeakMap<Repos, Repos>();

/**
 * Marks `derived` (repos wrapped for one unit of work, e.g. the audited store's signing repos)
 * as the same unit of work as `original`, so whatever a store keys on its own repos object
 * (PostgreSQL's connection, which the leader's fence writes through) is found from either.
 */
export function deriveRepos(original: Repos, derived: Repos): Repos {
  origins.set(derived, originOf(original));
  return derived;
}

/** The repos object a store handed out, for repos derived from it (or the repos themselves). */
export function originOf(repos: Repos): Repos {
  return origins.get(repos) ?? repos;
}
