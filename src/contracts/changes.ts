import { z } from "zod";

export const CHANGE_KINDS = ["alias.move", "traffic.set", "policy.apply", "freeze.lift"] as const;

const Ref = z.object({ id: z.string(), name: z.string() });
export const ChangeStatusSchema = z.enum(["pending", "applied", "rejected"]);
export const ChangeRequestSchema = z.object({
  id: z.string(),
  program: z.string().nullable(),
  kind: z.enum(CHANGE_KINDS),
  status: ChangeStatusSchema,
  change: z.record(z.string(), z.unknown()),
  diff: z.object({ before: z.unknown(), after: z.unknown() }),
  protectedBecause: z.string(),
  reason: z.string(),
  requestedBy: Ref,
  requestedAt: z.string(),
  requiredRoles: z.array(z.object({ name: z.string(), members: z.array(z.string()).nullable() })),
  approvals: z.array(z.object({ role: z.string(), by: Ref, at: z.string(), comment: z.string() })),
  decidedBy: Ref.nullable(),
  decidedAt: z.string().nullable(),
  decision: z.string().nullable(),
});
export const ChangeQuery = z.object({
  program: z.string().max(100).optional(),
  status: ChangeStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ChangeParams = z.object({ id: z.string().min(1).max(100) });
export const ApproveChangeBody = z.strictObject({ role: z.string().min(1).max(100).optional(), comment: z.string().max(2000).default("") });
export const RejectChangeBody = z.strictObject({
  reason: z.string().trim().min(1, { message: "must say why (a non-empty reason)" }).max(2000),
});
/** What a protected change answers (202) instead of applying: the change request it became. */
export const PendingAnswer = z.object({ applied: z.literal(false), message: z.string(), changeRequest: ChangeRequestSchema });
export const ChangeList = z.object({ changes: z.array(ChangeRequestSchema) });
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;
export type ChangeList = z.infer<typeof ChangeList>;
