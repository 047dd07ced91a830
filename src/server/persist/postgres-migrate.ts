import type { ClientBase } from "pg";
import { LOCK_CLASS } from "./sql.js";

/**
 * Applies missing migrations in one transaction under an advisory lock, so replicas
 * starting together apply each migration exactly once (the loser waits, then finds
 * nothing left to do). Creates the schema itself if needed.
 */
export async function migratePostgres(client: ClientBase, schema: string, migrations: readonly string[]): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [LOCK_CLASS.migrate, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // The connection's search_path may name a schema that did not exist when it connected.
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    const applied = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    for (const [index, sql] of migrations.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      await client.query(sql);
      await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [version, new Date().toISOString()]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
