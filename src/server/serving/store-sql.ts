import type { Sql } from "../persist/sql.js";
import type { ServingRepo } from "./store.js";

/**
 * The serving revision. `bump` also tells the other replicas (Sql.notify): PostgreSQL delivers
 * it only when (and if) this unit of work commits, so other replicas hear about exactly the
 * changes that became visible, never a rolled-back one.
 */
export class SqlServingRepo implements ServingRepo {
  constructor(private readonly sql: Sql) {}

  async revision(): Promise<number> {
    return (await this.sql.one<{ value: number }>("SELECT value FROM counters WHERE name = 'serving_revision'"))?.value ?? 0;
  }
  async bump(): Promise<number> {
    const { value } = (await this.sql.one<{ value: number }>(
      "UPDATE counters SET value = value + 1 WHERE name = 'serving_revision' RETURNING value",
    ))!;
    await this.sql.notify(String(value));
    return value;
  }
}
