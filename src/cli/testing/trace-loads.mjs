// Loaded with `node --import`: records every module URL the process resolves into the file named by
// ARENA_TRACE_LOADS, so a test can prove which modules a command line pulls in.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
const out = process.env.ARENA_TRACE_LOADS;
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (out) appendFileSync(out, result.url + "\\n");
  return result;
}`)}`,
);
