/**
 * Import-boundary check (`npm run check:boundaries`, part of `npm test`): the rules of ADR 001
 * (scripts/boundaries/rules.ts) over the real TypeScript import graph, plus the SDK's and the
 * provider's manifests. "No clock in core" is an eslint rule (eslint.config.js).
 * Exits 1 and lists every violation.
 */
import { resolve } from "node:path";
import { boundaryViolations } from "./boundaries/check.js";

const violations = await boundaryViolations(resolve(import.meta.dirname, ".."));
if (violations.length > 0) {
  console.error(`Import boundaries broken (${violations.length}):\n  ${violations.join("\n  ")}`);
  process.exit(1);
}
console.log("import boundaries: ok");
