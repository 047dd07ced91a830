import { z } from "zod";
import { IsoTime, NextCursor, Reason } from "./common.js";

export const MoveAliasBody = z.strictObject({
  version: z.number().int().positive({ message: "must be a positive integer" }),
  reason: Reason,
  /** Compare-and-set: the move fails with 409 unless the alias points here now (null: unset). */
  expectedVersion: z.number().int().positive().nullable().optional(),
});
export const ReasonBody = z.strictObject({ reason: Reason });
export const AliasAtQuery = z.object({ at: IsoTime.optional() });

export const AliasStateSchema = z.object({
  program: z.string(),
  alias: z.string(),
  version: z.number(),
  movedAt: z.string(),
  movedBy: z.string(),
});

export const AliasMoveSchema = z.object({
  id: z.number(),
  program: z.string(),
  alias: z.string(),
  fromVersion: z.number().nullable(),
  toVersion: z.number().nullable(),
  actor: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const AliasResolution = z.object({
  program: z.string(),
  alias: z.string(),
  at: z.string(),
  version: z.number().nullable(),
  /** Who moved it there (answered for the current state; absent with ?at=). */
  movedBy: z.string().optional(),
});
export const AliasList = z.object({ aliases: z.array(AliasStateSchema) });
export const AliasHistory = z.object({ moves: z.array(AliasMoveSchema), next: NextCursor });
/** What moving, unsetting or rolling back an alias answers. */
export const AliasMoveResult = z.object({ changed: z.boolean(), alias: AliasStateSchema.nullable(), move: AliasMoveSchema.nullable() });
export type AliasMoveResult = z.infer<typeof AliasMoveResult>;
export type AliasMove = z.infer<typeof AliasMoveSchema>;
export type AliasResolution = z.infer<typeof AliasResolution>;
export type AliasHistory = z.infer<typeof AliasHistory>;
