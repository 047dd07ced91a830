/**
 * Helpers for tests that run against the real PostgreSQL server: every test run
 * works in schemas of its own (`arena_test_<pid>_<random>`), dropped afterwards,
 * so concurrent runs never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_DATABASE_URL = process.env.ARENA_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export class TestDatabase {
  private readonly schemas: string[] = [];

  constructor(readonly url: string = TEST_DATABASE_URL) {}

  /** Fails with a message saying what to do; PostgreSQL tests never skip silently. */
  async check(): Promise<void> {
    await this.withClient((client) => client.query("SELECT 1")).catch((error: Error) => {
      throw new Error(
        `PostgreSQL is not reachable at ${this.url} (${error.message}). ` +
          "These tests need a real server: start it, or point ARENA_TEST_DATABASE_URL at one.",
      );
    });
  }

  /** A new schema name for one test; the store creates the schema itself when it migrates. */
  newSchema(): string {
    const name = `arena_test_${process.pid}_${randomBytes(5).toString("hex")}`;
    this.schemas.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    const schemas = this.schemas.splice(0);
    if (schemas.length === 0) return;
    await this.withClient(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
  }

  private async withClient(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
