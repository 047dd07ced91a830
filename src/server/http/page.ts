import type { PageQuery } from "../../contracts/common.js";
import { ValidationError } from "../errors.js";

/** An opaque cursor: the key of the last item of a page. */
const encode = (key: string | number) => Buffer.from(JSON.stringify(key)).toString("base64url");

function decode(cursor: string): string | number {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof key === "string" || typeof key === "number") return key;
  } catch {
    /* falls through to the 400 */
  }
  throw new ValidationError("query.cursor: not a cursor this server gave out (use the `next` of the previous page)", [
    { path: "query.cursor", message: "not a valid cursor" },
  ]);
}

/**
 * One page of a list in its stable order: the items after the cursor's key, at most `limit`,
 * and the cursor of the next page (null on the last). One helper for every list route.
 */
export function page<T>(items: readonly T[], keyOf: (item: T) => string | number, query: PageQuery): { items: T[]; next: string | null } {
  let start = 0;
  if (query.cursor !== undefined) {
    const key = decode(query.cursor);
    const at = items.findIndex((item) => keyOf(item) === key);
    if (at < 0)
      throw new ValidationError("query.cursor: the item it points after is gone; start again without a cursor", [
        { path: "query.cursor", message: "stale cursor" },
      ]);
    start = at + 1;
  }
  const slice = items.slice(start, start + query.limit);
  const more = start + query.limit < items.length;
  return { items: slice, next: more && slice.length > 0 ? encode(keyOf(slice[slice.length - 1]!)) : null };
}
