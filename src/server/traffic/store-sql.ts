import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";
import { json, parseJson, type Sql } from "../persist/sql.js";
import type { TrafficRepo } from "./store.js";

export class SqlTrafficRepo implements TrafficRepo {
  constructor(private readonly sql: Sql) {}

  async get(program: string): Promise<TrafficPlan | null> {
    return parseJson((await this.sql.one<{ plan: string }>("SELECT plan FROM traffic_plans WHERE program = ?", [program]))?.plan);
  }
  async put(program: string, plan: TrafficPlan): Promise<void> {
    await this.sql.exec(
      "INSERT INTO traffic_plans (program, plan) VALUES (?, ?) ON CONFLICT (program) DO UPDATE SET plan = excluded.plan",
      [program, json(plan)],
    );
  }
  async listAll(): Promise<Map<string, TrafficPlan>> {
    const rows = await this.sql.rows<{ program: string; plan: string }>("SELECT program, plan FROM traffic_plans ORDER BY program");
    return new Map(rows.map((r) => [r.program, parseJson<TrafficPlan>(r.plan)]));
  }
}
