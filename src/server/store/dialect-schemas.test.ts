/**
 * Pins the two dialects' schemas to each other: after every migration, SQLite's catalog and
 * PostgreSQL's hold the same tables, columns (name, storage class, nullability), primary keys,
 * unique constraints, indexes and foreign keys. Each dialect's list is applied to a real database
 * and read back from its catalog, so a migration added to one list only, or spelled differently
 * in one, fails here before a store sees it.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "../persist/postgres-migrate.js";
import { SqliteDatabase } from "../persist/sqlite-database.js";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./migrations.js";
import { TestDatabase } from "./postgres-testing.js";

interface Catalog {
  /** table → "column:class:null|notnull", sorted. */
  columns: Record<string, string[]>;
  /** table → primary key columns, in key order. */
  primaryKeys: Record<string, string>;
  /** "table(columns)" of every UNIQUE constraint that is not the primary key, sorted. */
  uniques: string[];
  /** "name table(columns) unique? partial?" of every named index, sorted. */
  indexes: string[];
  /** "table(columns) → table(columns)", sorted. */
  foreignKeys: string[];
}

/** What each dialect may hold that the other has no counterpart for (by design, see migrations.ts). */
const POSTGRES_ONLY_TABLES = new Set(["leader_lease", "schema_migrations"]);
const SQLITE_ONLY_TABLES = new Set(["sqlite_sequence", "schema_migrations"]);
/** principals.seq: PostgreSQL has no rowid, so creation order is a column there. */
const POSTGRES_ONLY_COLUMNS = new Set(["principals.seq"]);

/** Storage class: SQLite's affinity, which both dialects' types are compared by. */
function sqliteClass(type: string): string {
  const t = type.toUpperCase();
  if (t.includes("INT")) return "integer";
  if (t.includes("TEXT")) return "text";
  throw new Error(`unexpected SQLite column type ${type}`);
}

function postgresClass(type: string): string {
  if (["integer", "bigint", "boolean"].includes(type)) return "integer";
  if (["text", "jsonb"].includes(type)) return "text";
  throw new Error(`unexpected PostgreSQL column type ${type}`);
}

function sqliteCatalog(migrations: readonly string[]): Catalog {
  const database = new SqliteDatabase(":memory:", migrations);
  const db = database.db;
  const catalog: Catalog = { columns: {}, primaryKeys: {}, uniques: [], indexes: [], foreignKeys: [] };
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  for (const { name: table } of tables) {
    if (SQLITE_ONLY_TABLES.has(table)) continue;
    const info = db.pragma(`table_info(${table})`) as Array<{ name: string; type: string; notnull: number; pk: number }>;
    // A primary key column is never null (SQLite's table_info says 0 for them unless declared).
    catalog.columns[table] = info.map((c) => `${c.name}:${sqliteClass(c.type)}:${c.notnull || c.pk ? "notnull" : "null"}`).sort();
    catalog.primaryKeys[table] = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name)
      .join(",");
    const indexes = db.pragma(`index_list(${table})`) as Array<{ name: string; unique: number; origin: string; partial: number }>;
    for (const index of indexes) {
      const columns = (db.pragma(`index_info(${index.name})`) as Array<{ seqno: number; name: string }>)
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name)
        .join(",");
      if (index.origin === "u") catalog.uniques.push(`${table}(${columns})`);
      else if (index.origin === "c")
        catalog.indexes.push(`${index.name} ${table}(${columns})${index.unique ? " unique" : ""}${index.partial ? " partial" : ""}`);
    }
    const keys = db.pragma(`foreign_key_list(${table})`) as Array<{ id: number; seq: number; table: string; from: string; to: string }>;
    const byId = new Map<number, typeof keys>();
    for (const key of keys) byId.set(key.id, [...(byId.get(key.id) ?? []), key]);
    for (const parts of byId.values()) {
      parts.sort((a, b) => a.seq - b.seq);
      catalog.foreignKeys.push(`${table}(${parts.map((p) => p.from).join(",")}) → ${parts[0]!.table}(${parts.map((p) => p.to).join(",")})`);
    }
  }
  catalog.uniques.sort();
  catalog.indexes.sort();
  catalog.foreignKeys.sort();
  void database.close();
  return catalog;
}

async function postgresCatalog(client: pg.Client, schema: string): Promise<Catalog> {
  const catalog: Catalog = { columns: {}, primaryKeys: {}, uniques: [], indexes: [], foreignKeys: [] };
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1",
    [schema],
  );
  for (const c of columns.rows) {
    if (POSTGRES_ONLY_TABLES.has(c.table_name) || POSTGRES_ONLY_COLUMNS.has(`${c.table_name}.${c.column_name}`)) continue;
    (catalog.columns[c.table_name] ??= []).push(
      `${c.column_name}:${postgresClass(c.data_type)}:${c.is_nullable === "YES" ? "null" : "notnull"}`,
    );
  }
  for (const list of Object.values(catalog.columns)) list.sort();
  // Every index with its columns in key order; constraint-backed ones say which constraint.
  const indexes = await client.query<{
    table: string;
    index: string;
    columns: string;
    unique: boolean;
    primary: boolean;
    partial: boolean;
    constraint: string | null;
  }>(
    `SELECT t.relname AS table, i.relname AS index, ix.indisunique AS unique, ix.indisprimary AS primary,
            ix.indpred IS NOT NULL AS partial, con.contype AS constraint,
            (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.contype IN ('p', 'u')
      WHERE ns.nspname = $1`,
    [schema],
  );
  for (const ix of indexes.rows) {
    if (POSTGRES_ONLY_TABLES.has(ix.table)) continue;
    if (ix.primary) catalog.primaryKeys[ix.table] = ix.columns;
    else if (ix.constraint === "u") catalog.uniques.push(`${ix.table}(${ix.columns})`);
    else catalog.indexes.push(`${ix.index} ${ix.table}(${ix.columns})${ix.unique ? " unique" : ""}${ix.partial ? " partial" : ""}`);
  }
  for (const table of Object.keys(catalog.columns)) catalog.primaryKeys[table] ??= "";
  const keys = await client.query<{ from_table: string; from_columns: string; to_table: string; to_columns: string }>(
    `SELECT src.relname AS from_table, dst.relname AS to_table,
            (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS from_columns,
            (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS to_columns
       FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
       JOIN pg_namespace ns ON ns.oid = src.relnamespace
      WHERE con.contype = 'f' AND ns.nspname = $1`,
    [schema],
  );
  for (const k of keys.rows) catalog.foreignKeys.push(`${k.from_table}(${k.from_columns}) → ${k.to_table}(${k.to_columns})`);
  catalog.uniques.sort();
  catalog.indexes.sort();
  catalog.foreignKeys.sort();
  return catalog;
}

/** PostgreSQL's list is the shared one with its leader lease inserted: SQLite's prefix of length n is PostgreSQL's of n (+1 past the lease). */
const LEASE = POSTGRES_MIGRATIONS.findIndex((m) => m.includes("CREATE TABLE leader_lease"));
const postgresPrefix = (n: number) => (n <= LEASE ? n : n + 1);

const db = new TestDatabase();
const client = new pg.Client({ connectionString: db.url });
beforeAll(async () => {
  await db.check();
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.dropAll();
});

describe("the two dialects' schemas", () => {
  it("PostgreSQL's list is SQLite's plus the leader lease", () => {
    expect(POSTGRES_MIGRATIONS.length).toBe(SQLITE_MIGRATIONS.length + 1);
    expect(POSTGRES_MIGRATIONS.filter((m) => m.includes("CREATE TABLE leader_lease"))).toHaveLength(1);
  });

  for (let n = 1; n <= SQLITE_MIGRATIONS.length; n++) {
    it(`hold the same tables, columns, keys and indexes after ${n} of ${SQLITE_MIGRATIONS.length} migrations`, async () => {
      const schema = db.newSchema();
      await migratePostgres(client, schema, POSTGRES_MIGRATIONS.slice(0, postgresPrefix(n)));
      await client.query("SET search_path TO public");
      const postgres = await postgresCatalog(client, schema);
      const sqlite = sqliteCatalog(SQLITE_MIGRATIONS.slice(0, n));
      expect(Object.keys(sqlite.columns).length).toBeGreaterThan(0);
      expect(postgres).toEqual(sqlite);
    });
  }

  it("tells a schema that drifted in one dialect from the other's", async () => {
    const schema = db.newSchema();
    await migratePostgres(client, schema, POSTGRES_MIGRATIONS);
    await client.query("SET search_path TO public");
    const postgres = await postgresCatalog(client, schema);
    const drifted = [
      "ALTER TABLE freezes ADD COLUMN until TEXT",
      "CREATE INDEX decisions_by_time ON decisions (at)",
      "DROP INDEX rollouts_by_status; CREATE INDEX rollouts_by_status ON rollouts (started_at, status)",
    ];
    for (const migration of drifted) expect(sqliteCatalog([...SQLITE_MIGRATIONS, migration])).not.toEqual(postgres);
  });
});
