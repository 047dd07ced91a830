/** `npm run docs:api`: rewrites the error-code table in docs/api.md from src/server/error-codes.ts. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TABLE_END, TABLE_START, errorCodeTable } from "../src/server/http/error-code-table.js";

const file = join(import.meta.dirname, "../docs/api.md");
const text = readFileSync(file, "utf8");
const start = text.indexOf(TABLE_START);
const end = text.indexOf(TABLE_END);
if (start < 0 || end < 0) throw new Error(`docs/api.md has no ${TABLE_START} … ${TABLE_END} markers`);
writeFileSync(file, text.slice(0, start) + errorCodeTable() + text.slice(end + TABLE_END.length));
console.log("docs/api.md: error-code table regenerated");
