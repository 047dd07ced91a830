import type { Program } from "../../core/registry/types.js";
import { json, type Sql } from "../persist/sql.js";
import { Table } from "../persist/table.js";
import type { ProgramRepo } from "./store.js";

const PROGRAMS = new Table<Program>("programs", "name, description, owners, seed, createdAt, createdBy", { json: ["owners"] });

export class SqlProgramRepo implements ProgramRepo {
  constructor(private readonly sql: Sql) {}

  async insert(p: Program): Promise<boolean> {
    const n = await this.sql.exec(
      "INSERT INTO programs (name, description, owners, seed, created_at, created_by, next_version) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (name) DO NOTHING",
      [p.name, p.description, json(p.owners), p.seed, p.createdAt, p.createdBy],
    );
    return n === 1;
  }
  async get(name: string): Promise<Program | null> {
    return PROGRAMS.one(this.sql, "WHERE name = ?", [name]);
  }
  async list(): Promise<Program[]> {
    return PROGRAMS.rows(this.sql, "ORDER BY name");
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
