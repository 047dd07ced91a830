import { z } from "zod";
import { Name } from "./common.js";

export const TrafficArmSchema = z.strictObject({
  alias: Name,
  slot: z.number().int().min(0),
  weight: z.number().min(0).max(1),
});
export const ShadowTargetSchema = z.strictObject({ alias: Name, sample: z.number().min(0).max(1) });

export const TrafficPlanSchema = z.object({
  hashVersion: z.number().int(),
  seed: z.string(),
  slots: z.number().int(),
  arms: z.array(TrafficArmSchema),
  shadow: z.array(ShadowTargetSchema),
  overrides: z.record(z.string(), z.string()),
});

/** What a person sets; the seed and hash version stay the program's. */
export const SetTrafficBody = z.strictObject({
  slots: z.number().int().min(1).max(64).default(1),
  arms: z.array(TrafficArmSchema).max(64).default([]),
  shadow: z.array(ShadowTargetSchema).max(16).default([]),
  overrides: z.record(z.string().min(1).max(500), Name).default({}),
  reason: z.string().trim().min(1).max(2000),
});
export type SetTrafficBody = z.infer<typeof SetTrafficBody>;
export type TrafficPlan = z.infer<typeof TrafficPlanSchema>;
