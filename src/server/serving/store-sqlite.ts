import type { Database } from "better-sqlite3";
import type { ServingRepo } from "./store.js";

export class SqliteServingRepo implements ServingRepo {
  private readonly getStmt;
  private readonly bumpStmt;
  constructor(db: Database) {
    this.getStmt = db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'serving_revision'");
    this.bumpStmt = db.prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'serving_revision' RETURNING value");
  }
  async revision(): Promise<number> {
    return this.getStmt.get()?.value ?? 0;
  }
  async bump(): Promise<number> {
    return this.bumpStmt.get()!.value;
  }
}
