import { z } from "zod";
import { ROLES } from "../core/auth/roles.js";
import { NextCursor } from "./common.js";

export const RoleSchema = z.enum(ROLES);
export const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  roles: z.array(RoleSchema).min(1, { message: "give at least one role" }),
});
export const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  prefix: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});
export const CreatedToken = TokenInfo.extend({ token: z.string() });
export const TokenList = z.object({ tokens: z.array(TokenInfo), next: NextCursor });
export const TokenParams = z.object({ id: z.string().min(1).max(100) });
export const WhoAmI = z.object({ name: z.string(), roles: z.array(RoleSchema), tokenId: z.string() });
