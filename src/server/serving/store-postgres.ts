import { toNumber, type PgSql } from "../store/postgres-sql.js";
import type { ServingRepo } from "./store.js";

/**
 * The serving revision. `bump` also queues a NOTIFY on the replicas' change channel:
 * PostgreSQL delivers it only when (and if) this unit of work commits, so other
 * replicas hear about exactly the changes that became visible, never a rolled-back one.
 */
export class PostgresServingRepo implements ServingRepo {
  constructor(
    private readonly sql: PgSql,
    private readonly channel: string,
  ) {}

  async revision(): Promise<number> {
    const row = await this.sql.one<{ value: string }>("SELECT value FROM counters WHERE name = 'serving_revision'");
    return row ? toNumber(row.value) : 0;
  }
  async bump(): Promise<number> {
    const row = await this.sql.one<{ value: string }>(
      `WITH bumped AS (UPDATE counters SET value = value + 1 WHERE name = 'serving_revision' RETURNING value)
       SELECT value, pg_notify($1, value::text) FROM bumped`,
      [this.channel],
    );
    return toNumber(row!.value);
  }
}
