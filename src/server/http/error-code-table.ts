import { ERROR_CODES } from "../error-codes.js";

export const TABLE_START = "<!-- error-codes:start (generated from src/server/error-codes.ts by npm run docs:api) -->";
export const TABLE_END = "<!-- error-codes:end -->";

/** The table of every error code for docs/api.md, between its markers. */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES)
    .sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b))
    .map(([code, { status, meaning }]) => `| ${status} | \`${code}\` | ${meaning} |`);
  return [TABLE_START, "| status | code | meaning |", "|---|---|---|", ...rows, TABLE_END].join("\n");
}
