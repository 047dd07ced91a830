import type { Database } from "better-sqlite3";
import { TERMINAL, type Rollout } from "../../core/rollout/types.js";
import type { DecisionRecord, DecisionRepo, RolloutRepo } from "./store.js";

const TERMINAL_SQL = `(${TERMINAL.map((s) => `'${s}'`).join(", ")})`;

export class SqliteRolloutRepo implements RolloutRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly updateStmt;
  private readonly activeStmt;
  private readonly byProgramStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare("INSERT INTO rollouts (id, program, status, started_at, revision, doc) VALUES (?, ?, ?, ?, ?, ?)");
    this.getStmt = db.prepare<[string], { doc: string }>("SELECT doc FROM rollouts WHERE id = ?");
    this.updateStmt = db.prepare("UPDATE rollouts SET status = ?, revision = ?, doc = ? WHERE id = ? AND revision = ?");
    this.activeStmt = db.prepare<[], { doc: string }>(`SELECT doc FROM rollouts WHERE status NOT IN ${TERMINAL_SQL} ORDER BY started_at`);
    this.byProgramStmt = db.prepare<[string, number], { doc: string }>("SELECT doc FROM rollouts WHERE program = ? ORDER BY started_at DESC LIMIT ?");
  }
  async insert(r: Rollout): Promise<void> {
    this.insertStmt.run(r.id, r.program, r.status, r.startedAt, r.revision, JSON.stringify(r));
  }
  async get(id: string): Promise<Rollout | null> {
    const row = this.getStmt.get(id);
    return row ? (JSON.parse(row.doc) as Rollout) : null;
  }
  async update(r: Rollout, expectedRevision: number): Promise<boolean> {
    return this.updateStmt.run(r.status, r.revision, JSON.stringify(r), r.id, expectedRevision).changes === 1;
  }
  async active(): Promise<Rollout[]> {
    return this.activeStmt.all().map((row) => JSON.parse(row.doc) as Rollout);
  }
  async byProgram(program: string, limit: number): Promise<Rollout[]> {
    return this.byProgramStmt.all(program, limit).map((row) => JSON.parse(row.doc) as Rollout);
  }
}

interface DRow {
  id: number;
  doc: string;
}

export class SqliteDecisionRepo implements DecisionRepo {
  private readonly appendStmt;
  private readonly listStmt;

  constructor(db: Database) {
    this.appendStmt = db.prepare<[string, string | null, string, string], { id: number }>("INSERT INTO decisions (program, rollout_id, at, doc) VALUES (?, ?, ?, ?) RETURNING id");
    this.listStmt = db.prepare<Record<string, unknown>, DRow>(
      "SELECT id, doc FROM decisions WHERE id > @after AND (@program IS NULL OR program = @program) AND (@rollout IS NULL OR rollout_id = @rollout) ORDER BY id LIMIT @limit",
    );
  }
  async append(d: Omit<DecisionRecord, "id">): Promise<DecisionRecord> {
    const row = this.appendStmt.get(d.program, d.rolloutId, d.at, JSON.stringify(d))!;
    return { ...d, id: row.id };
  }
  async list(f: { program?: string | undefined; rolloutId?: string | undefined; after: number; limit: number }): Promise<DecisionRecord[]> {
    return this.listStmt.all({ after: f.after, limit: f.limit, program: f.program ?? null, rollout: f.rolloutId ?? null }).map((r) => ({ ...(JSON.parse(r.doc) as Omit<DecisionRecord, "id">), id: r.id }));
  }
}
