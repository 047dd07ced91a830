import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";
import type { PgSql } from "../store/postgres-sql.js";
import type { TrafficRepo } from "./store.js";

export class PostgresTrafficRepo implements TrafficRepo {
  constructor(private readonly sql: PgSql) {}

  async get(program: string): Promise<TrafficPlan | null> {
    return (await this.sql.one<{ plan: TrafficPlan }>("SELECT plan FROM traffic_plans WHERE program = $1", [program]))?.plan ?? null;
  }
  async put(program: string, plan: TrafficPlan): Promise<void> {
    await this.sql.exec(
      "INSERT INTO traffic_plans (program, plan) VALUES ($1, $2::jsonb) ON CONFLICT (program) DO UPDATE SET plan = excluded.plan",
      [program, JSON.stringify(plan)],
    );
  }
  async listAll(): Promise<Map<string, TrafficPlan>> {
    const rows = await this.sql.rows<{ program: string; plan: TrafficPlan }>("SELECT program, plan FROM traffic_plans ORDER BY program");
    return new Map(rows.map((r) => [r.program, r.plan]));
  }
}
