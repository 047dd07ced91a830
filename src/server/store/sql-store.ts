import type { Sql, SqlDatabase } from "../persist/sql.js";
import { originOf } from "./derived-repos.js";
import { sqlRepos } from "./slices.js";
import type { Repos, Store, TxOptions } from "./store.js";

/** The store over any SQL backend: each unit of work gets every slice's repository bound to its statements. */
export class SqlStore implements Store {
  constructor(
    readonly kind: Exclude<Store["kind"], "memory">,
    private readonly database: SqlDatabase,
  ) {}

  tx<T>(fn: (repos: Repos) => Promise<T>, options: TxOptions = {}): Promise<T> {
    return this.database.tx((sql) => {
      const repos = sqlRepos(sql);
      units.set(repos, sql);
      return fn(repos);
    }, options.lock);
  }
  ping(): Promise<void> {
    return this.database.ping();
  }
  close(): Promise<void> {
    return this.database.close();
  }
}

// Which statements a set of repositories is bound to, for checks that are not a repository (the leader's fencing token).
const units = new WeakMap<Repos, Sql>();

/**
 * The statements of the unit of work `repos` belongs to (repos derived from them included, see
 * derived-repos.ts), or null when `repos` did not come from a SqlStore. Lets the leader lease check
 * its fencing token inside the controller's own transaction without a repository every store would need.
 */
export function unitOfWorkSql(repos: Repos): Sql | null {
  return units.get(originOf(repos)) ?? null;
}
