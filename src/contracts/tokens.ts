import { z } from "zod";
import { PRINCIPAL_KINDS } from "../core/auth/principals.js";
import { ROLES } from "../core/auth/roles.js";
import { NextCursor } from "./common.js";

export const RoleSchema = z.enum(ROLES);
export const CreateTokenBody = z.strictObject({
  /** The token's label; also the principal it belongs to when `principal` is not given (created if new). */
  name: z.string().trim().min(1).max(100),
  roles: z.array(RoleSchema).min(1, { message: "give at least one role" }),
  /** Id or name of the principal the token acts for; its roles must be among the principal's. */
  principal: z.string().trim().min(1).max(100).optional(),
});
export const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  prefix: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  principalId: z.string().nullable(),
  principalName: z.string().nullable(),
});
export const CreatedToken = TokenInfo.extend({ token: z.string() });
export const TokenList = z.object({ tokens: z.array(TokenInfo), next: NextCursor });
export const TokenParams = z.object({ id: z.string().min(1).max(100) });
export const WhoAmI = z.object({ name: z.string(), principalId: z.string(), roles: z.array(RoleSchema), tokenId: z.string() });

export const PrincipalSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PRINCIPAL_KINDS),
  roles: z.array(RoleSchema),
  createdAt: z.string(),
  createdBy: z.string(),
  disabledAt: z.string().nullable(),
});
export const CreatePrincipalBody = z.strictObject({
  name: z.string().min(1).max(64),
  kind: z.enum(["person", "service"]).default("person"),
  roles: z.array(RoleSchema).min(1, { message: "give at least one role" }).max(ROLES.length),
});
export const PrincipalParams = z.object({ principal: z.string().min(1).max(100) });
export const PrincipalList = z.object({ principals: z.array(PrincipalSchema) });
export type TokenInfo = z.infer<typeof TokenInfo>;
export type WhoAmI = z.infer<typeof WhoAmI>;
export type PrincipalList = z.infer<typeof PrincipalList>;
export type Principal = z.infer<typeof PrincipalSchema>;
export type CreatedToken = z.infer<typeof CreatedToken>;
export type TokenList = z.infer<typeof TokenList>;
