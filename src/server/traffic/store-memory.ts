import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";
import type { Transactional } from "../persist/transactional.js";
import type { TrafficRepo } from "./store.js";

export class MemoryTrafficRepo implements TrafficRepo, Transactional {
  private plans = new Map<string, TrafficPlan>();

  async get(program: string): Promise<TrafficPlan | null> {
    const plan = this.plans.get(program);
    return plan ? structuredClone(plan) : null;
  }
  async put(program: string, plan: TrafficPlan): Promise<void> {
    this.plans.set(program, structuredClone(plan));
  }
  async listAll(): Promise<Map<string, TrafficPlan>> {
    return structuredClone(this.plans);
  }
  save(): unknown {
    return structuredClone(this.plans);
  }
  restore(saved: unknown): void {
    this.plans = saved as Map<string, TrafficPlan>;
  }
}
