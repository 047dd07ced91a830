import { z } from "zod";
import { NAME_PATTERN, NAME_RULE } from "../core/registry/rules.js";

export const Name = z.string().regex(NAME_PATTERN, { message: `must be ${NAME_RULE}` });
export const IsoTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time such as 2026-11-22T10:00:00Z" });
export const Version = z.coerce.number().int().positive({ message: "must be a positive integer" });
export const Reason = z.string().trim().min(1, { message: "must say why (a non-empty reason)" }).max(2000);

export const ProgramParams = z.object({ program: Name });
export const VersionParams = z.object({ program: Name, version: Version });
export const AliasParams = z.object({ program: Name, alias: Name });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** `?limit=&cursor=` of every list: at most 500 items a page; `next` in the answer is the cursor of the following page (null: the last). */
export const PageFields = {
  limit: z.coerce
    .number()
    .int()
    .min(1, { message: "must be between 1 and 500" })
    .max(500, { message: "must be between 1 and 500" })
    .default(100),
  cursor: z.string().max(500).optional(),
};
export const PageQuery = z.object(PageFields);
export type PageQuery = z.infer<typeof PageQuery>;
export const NextCursor = z.string().nullable();
