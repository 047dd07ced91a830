/**
 * What the dashboard reads besides the resource routes: the overview (GET /v1/dashboard/overview)
 * and the server-sent events of GET /v1/events. The rollout page's analysis is in
 * ./dashboard-analysis.ts. The dashboard infers its types from these (`import type`, no zod in its bundle).
 */
import { z } from "zod";
import { HealthSchema } from "./dashboard-analysis.js";
import { RolloutSummarySchema } from "./rollouts.js";

const FreezeNote = z.object({ by: z.string(), reason: z.string(), at: z.string() });

/** One program on the overview: champion and other aliases, traffic split, freeze, latest rollout and its health. */
export const OverviewProgram = z.object({
  name: z.string(),
  description: z.string(),
  owners: z.array(z.string()),
  aliases: z.array(z.object({ alias: z.string(), version: z.number(), movedAt: z.string(), movedBy: z.string() })),
  traffic: z.object({
    arms: z.array(z.object({ alias: z.string(), weight: z.number() })),
    shadow: z.array(z.object({ alias: z.string(), sample: z.number() })),
  }),
  frozen: z.boolean(),
  /** The program's own freeze (a global one is the overview's `globalFreeze`). */
  freeze: FreezeNote.nullable(),
  rollout: RolloutSummarySchema.nullable(),
  health: HealthSchema,
  healthReason: z.string(),
});
export type OverviewProgram = z.infer<typeof OverviewProgram>;

export const DashboardOverview = z.object({
  generatedAt: z.string(),
  globalFreeze: FreezeNote.nullable(),
  programs: z.array(OverviewProgram),
});
export type DashboardOverview = z.infer<typeof DashboardOverview>;

/** What changed, as the change watcher (src/server/dashboard/change-watcher.ts) reports it: null programs means any. */
export const DashboardChange = z.object({
  programs: z.array(z.string()).nullable(),
  rollouts: z.array(z.string()),
  source: z.enum(["audit", "rollouts", "serving"]),
});
export type DashboardChange = z.infer<typeof DashboardChange>;

/**
 * One event of GET /v1/events, as the dashboard parses it: the SSE `event:` name is `type`, the
 * `data:` JSON the other fields. hello: on connect (refetch what you show); change: something shown
 * changed; tick: every 5 s (live numbers may have moved).
 */
export const DashboardEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), at: z.string() }),
  z.object({ type: z.literal("tick"), at: z.string() }),
  DashboardChange.extend({ type: z.literal("change") }),
]);
export type DashboardEvent = z.infer<typeof DashboardEvent>;
