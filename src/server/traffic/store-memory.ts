import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";
import { MemoryRepo } from "../persist/memory-repo.js";
import type { TrafficRepo } from "./store.js";

export class MemoryTrafficRepo extends MemoryRepo implements TrafficRepo {
  private readonly plans = this.table<{ program: string; plan: TrafficPlan }>();

  async get(program: string): Promise<TrafficPlan | null> {
    return this.plans.get(program)?.plan ?? null;
  }
  async put(program: string, plan: TrafficPlan): Promise<void> {
    this.plans.put(program, { program, plan });
  }
  async listAll(): Promise<Map<string, TrafficPlan>> {
    return new Map(this.plans.values().map((p) => [p.program, p.plan]));
  }
}
