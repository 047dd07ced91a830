import type { TrafficPlan } from "../../core/assignment/traffic-plan.js";

export interface TrafficRepo {
  get(program: string): Promise<TrafficPlan | null>;
  put(program: string, plan: TrafficPlan): Promise<void>;
  listAll(): Promise<Map<string, TrafficPlan>>;
}
