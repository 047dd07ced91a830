import type { Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { PolicyRepo, StoredPolicy } from "./store.js";

const POLICIES = new Table<StoredPolicy>("policies", "program, revision, document, appliedAt, appliedBy", { json: ["document"] });

/** Every applied revision is kept; `get` answers the latest. (program, revision) is the key, so a revision is written once. */
export class SqlPolicyRepo implements PolicyRepo {
  constructor(private readonly sql: Sql) {}

  async get(program: string): Promise<StoredPolicy | null> {
    return POLICIES.one(this.sql, "WHERE program = ? ORDER BY revision DESC LIMIT 1", [program]);
  }
  async put(p: StoredPolicy): Promise<void> {
    await POLICIES.insert(this.sql, p);
  }
}
