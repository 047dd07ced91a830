import type { Database } from "better-sqlite3";
import type { Program } from "../../core/registry/types.js";
import type { ProgramRepo } from "./store.js";

interface Row {
  name: string;
  description: string;
  owners: string;
  seed: string;
  created_at: string;
  created_by: string;
}

const fromRow = (r: Row): Program => ({
  name: r.name,
  description: r.description,
  owners: JSON.parse(r.owners) as string[],
  seed: r.seed,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export class SqliteProgramRepo implements ProgramRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly allocateStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO programs (name, description, owners, seed, created_at, created_by, next_version)
       VALUES (@name, @description, @owners, @seed, @createdAt, @createdBy, 1) ON CONFLICT (name) DO NOTHING`,
    );
    this.getStmt = db.prepare<[string], Row>("SELECT * FROM programs WHERE name = ?");
    this.listStmt = db.prepare<[], Row>("SELECT * FROM programs ORDER BY name");
    this.allocateStmt = db.prepare<[string], { v: number }>(
      "UPDATE programs SET next_version = next_version + 1 WHERE name = ? RETURNING next_version - 1 AS v",
    );
  }

  async insert(p: Program): Promise<boolean> {
    return this.insertStmt.run({ ...p, owners: JSON.stringify(p.owners) }).changes === 1;
  }
  async get(name: string): Promise<Program | null> {
    const row = this.getStmt.get(name);
    return row ? fromRow(row) : null;
  }
  async list(): Promise<Program[]> {
    return this.listStmt.all().map(fromRow);
  }
  async allocateVersion(name: string): Promise<number> {
    const row = this.allocateStmt.get(name);
    if (!row) throw new Error(`program ${name} does not exist`);
    return row.v;
  }
}
