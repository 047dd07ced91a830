import type { Program } from "../../core/registry/types.js";
import { json, parseJson, type Sql } from "../persist/sql.js";
import type { ProgramRepo } from "./store.js";

type Row = Omit<Program, "owners"> & { owners: string };
const COLUMNS = "name, description, owners, seed, created_at, created_by";
const SELECT = 'SELECT name, description, owners, seed, created_at AS "createdAt", created_by AS "createdBy" FROM programs';
const fromRow = (r: Row): Program => ({ ...r, owners: parseJson(r.owners) });

export class SqlProgramRepo implements ProgramRepo {
  constructor(private readonly sql: Sql) {}

  async insert(p: Program): Promise<boolean> {
    const n = await this.sql.exec(
      `INSERT INTO programs (${COLUMNS}, next_version) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (name) DO NOTHING`,
      [p.name, p.description, json(p.owners), p.seed, p.createdAt, p.createdBy],
    );
    return n === 1;
  }
  async get(name: string): Promise<Program | null> {
    const row = await this.sql.one<Row>(`${SELECT} WHERE name = ?`, [name]);
    return row ? fromRow(row) : null;
  }
  async list(): Promise<Program[]> {
    return (await this.sql.rows<Row>(`${SELECT} ORDER BY name`)).map(fromRow);
  }
  async allocateVersion(name: string): Promise<number> {
    // The row lock taken by UPDATE makes this safe even in a unit of work without the global lock.
    const row = await this.sql.one<{ v: number }>(
      "UPDATE programs SET next_version = next_version + 1 WHERE name = ? RETURNING next_version - 1 AS v",
      [name],
    );
    if (!row) throw new Error(`program ${name} does not exist`);
    return row.v;
  }
}
