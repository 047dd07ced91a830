/**
 * Export of a program's stored aggregates (the buckets the controller decides from), oldest first,
 * a page at a time: each page reads whole time slices (sized to what retention keeps at that age,
 * see readSlices) until it holds `limit` buckets, and names where the next page starts. A slice is
 * never split, so no bucket is returned twice or skipped between pages of one export.
 */
import type { StoredBucket } from "../../contracts/telemetry.js";
import type { ServiceContext } from "../context.js";
import { ValidationError } from "../errors.js";
import { requireProgram } from "../programs/service.js";
import { readSlices } from "./query.js";

/** At most this many slices per page, however empty they are (a page is a bounded amount of work). */
const SLICES_PER_PAGE = 200;

export interface ExportPage {
  program: string;
  since: string;
  until: string;
  buckets: StoredBucket[];
  nextCursor: string | null;
}

export async function exportBuckets(
  ctx: ServiceContext,
  program: string,
  q: { since: string; until?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<ExportPage> {
  const since = Date.parse(q.since);
  const until = q.until !== undefined ? Date.parse(q.until) : ctx.now().getTime();
  if (since >= until)
    throw new ValidationError("query.since: must be before until (default: now)", [
      { path: "query.since", message: "must be before until" },
    ]);
  const from = q.cursor !== undefined ? Number(q.cursor) : since;
  if (from < since || from > until)
    throw new ValidationError(
      "query.cursor: not a cursor of this export (pass the nextCursor of the previous page with the same since and until)",
      [{ path: "query.cursor", message: "outside [since, until]" }],
    );
  await ctx.store.tx((r) => requireProgram(r, program), { lock: "none" });
  // The same slices whatever the cursor: they are laid out from `until`, which the pages share.
  const slices = readSlices(since, until)
    .reverse()
    .filter(([start]) => start >= from);
  const buckets: StoredBucket[] = [];
  let next: number | null = null;
  for (const [i, [start, end]] of slices.entries()) {
    if (buckets.length >= q.limit || i >= SLICES_PER_PAGE) {
      next = start;
      break;
    }
    const rows = await ctx.store.tx((r) => r.telemetry.windows(program, start, end), { lock: "none" });
    buckets.push(...rows.sort((a, b) => a.start - b.start || a.version - b.version || a.segment.localeCompare(b.segment)));
  }
  return {
    program,
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    buckets,
    nextCursor: next === null ? null : String(next),
  };
}
