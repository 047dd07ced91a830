import { z } from "zod";
import { Name, NextCursor } from "./common.js";
import { AliasStateSchema } from "./aliases.js";
import { TrafficPlanSchema } from "./traffic.js";

export const CreateProgramBody = z.strictObject({
  name: Name,
  description: z.string().max(2000).default(""),
  owners: z.array(z.string().min(1).max(200)).max(50).default([]),
  /** Assignment seed; omit for a random one. Give one to split identically in several environments (or in a backtest). */
  seed: z.string().min(1).max(200).optional(),
});
export type CreateProgramBody = z.infer<typeof CreateProgramBody>;

export const ProgramSchema = z.object({
  name: z.string(),
  description: z.string(),
  owners: z.array(z.string()),
  seed: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const ProgramDetail = ProgramSchema.extend({
  aliases: z.array(AliasStateSchema),
  traffic: TrafficPlanSchema,
  latestVersion: z.number().nullable(),
});

export const ProgramList = z.object({ programs: z.array(ProgramDetail), next: NextCursor });
export type ProgramDetail = z.infer<typeof ProgramDetail>;
export type ProgramList = z.infer<typeof ProgramList>;
