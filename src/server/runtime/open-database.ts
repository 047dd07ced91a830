import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ChangeFeed } from "../persist/change-feed.js";
import { PostgresChangeFeed } from "../persist/postgres-change-feed.js";
import { PostgresStore } from "../store/postgres-store.js";
import { SqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";

export interface DatabaseSettings {
  /** Folder for the embedded SQLite database (used when no databaseUrl is given). */
  dataDir: string;
  /** postgres://… : use the shared PostgreSQL database instead, so several replicas can serve. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema holding Arena's tables. Default "public". */
  databaseSchema?: string | undefined;
  /** PostgreSQL connections per replica. Default 10. */
  databasePoolSize?: number | undefined;
  /** Where to report a lost change-feed connection. */
  warn?: (line: string) => void;
}

export interface OpenDatabase {
  store: Store;
  /** Undefined for SQLite: the app's in-process feed is all a single process needs. */
  changeFeed: ChangeFeed | undefined;
  /** For the start-up line; never includes a password. */
  description: string;
}

const FEED_READY_WAIT_MS = 5_000;

/** postgres://user:secret@host/db → postgres://user:***@host/db, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}

/** Opens SQLite by default, PostgreSQL (store + LISTEN/NOTIFY change feed) when a URL is given. */
export async function openDatabase(settings: DatabaseSettings): Promise<OpenDatabase> {
  if (!settings.databaseUrl) {
    const dir = resolve(settings.dataDir);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "arena.db");
    return { store: new SqliteStore(path), changeFeed: undefined, description: `SQLite at ${path}` };
  }
  const poolSize = settings.databasePoolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new Error(`database pool size must be a whole number ≥ 1, not ${settings.databasePoolSize}`);
  const options = { connectionString: settings.databaseUrl, schema: settings.databaseSchema ?? "public", poolSize };
  const where = `${redactUrl(settings.databaseUrl)} (schema ${options.schema})`;
  let store: PostgresStore;
  try {
    store = await PostgresStore.open(options);
  } catch (error) {
    throw new Error(`cannot open the PostgreSQL database at ${where}: ${(error as Error).message}`, { cause: error });
  }
  const warn = settings.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const changeFeed = PostgresChangeFeed.start({
    ...options,
    onError: (error) =>
      warn(
        `warning: lost the PostgreSQL change-feed connection (${error.message}); reconnecting (changes made through other replicas arrive with the 2 s poll meanwhile)`,
      ),
  });
  // Serve with the feed in place when we can, but never hang start-up on it: the poll covers the gap.
  await Promise.race([changeFeed.ready(), new Promise((r) => setTimeout(r, FEED_READY_WAIT_MS).unref())]);
  return { store, changeFeed, description: `PostgreSQL at ${where}` };
}
