import type { Database } from "better-sqlite3";
import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";
import type { TrafficRepo } from "./store.js";

export class SqliteTrafficRepo implements TrafficRepo {
  private readonly getStmt;
  private readonly putStmt;
  private readonly allStmt;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string], { plan: string }>("SELECT plan FROM traffic_plans WHERE program = ?");
    this.putStmt = db.prepare("INSERT INTO traffic_plans (program, plan) VALUES (?, ?) ON CONFLICT (program) DO UPDATE SET plan = excluded.plan");
    this.allStmt = db.prepare<[], { program: string; plan: string }>("SELECT program, plan FROM traffic_plans");
  }
  async get(program: string): Promise<TrafficPlan | null> {
    const row = this.getStmt.get(program);
    return row ? (JSON.parse(row.plan) as TrafficPlan) : null;
  }
  async put(program: string, plan: TrafficPlan): Promise<void> {
    this.putStmt.run(program, JSON.stringify(plan));
  }
  async listAll(): Promise<Map<string, TrafficPlan>> {
    return new Map(this.allStmt.all().map((r) => [r.program, JSON.parse(r.plan) as TrafficPlan]));
  }
}
