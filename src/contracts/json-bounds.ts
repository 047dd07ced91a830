import { z } from "zod";

/** How deep any JSON body may nest (a field may set a tighter bound). */
export const MAX_BODY_DEPTH = 64;

type Frame = { value: unknown; depth: number; path: string[] };

/**
 * The path of the first value nested deeper than `maxDepth` (an object or array at depth 1 is
 * the value itself), or null. Iterative: a value of any depth cannot overflow the stack here.
 */
export function tooDeepAt(value: unknown, maxDepth: number): string[] | null {
  const stack: Frame[] = [{ value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth + 1 > maxDepth) return path;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    for (const [key, child] of entries)
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth: depth + 1, path: [...path, key] });
  }
  return null;
}

/** A JSON value of bounded nesting and size, e.g. a candidate's `config`: 400 names the field and the bound. */
export function boundedJson(bounds: { maxDepth: number; maxBytes: number }) {
  return z.unknown().superRefine((value, ctx) => {
    const at = tooDeepAt(value, bounds.maxDepth);
    if (at) {
      ctx.addIssue({
        code: "custom",
        message: `nested deeper than ${bounds.maxDepth} levels (at ${at.slice(0, 8).join(".")}${at.length > 8 ? "…" : ""})`,
      });
      return;
    }
    const bytes = value === undefined ? 0 : new TextEncoder().encode(JSON.stringify(value)).length;
    if (bytes > bounds.maxBytes)
      ctx.addIssue({ code: "custom", message: `is ${bytes} bytes of JSON; at most ${bounds.maxBytes} are accepted` });
  });
}

const MARK = "[nested deeper than the server writes out]";

/** A copy of `value` with anything below `maxDepth` replaced by a marker string (recursion bounded by maxDepth). */
export function truncateDeep(value: unknown, maxDepth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (maxDepth <= 0) return MARK;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  if (Array.isArray(value)) return value.map((x) => truncateDeep(x, maxDepth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = truncateDeep(v, maxDepth - 1);
  return out;
}

/**
 * JSON.stringify that never throws on depth: stored data nested too deep for the stack (written
 * before the bounds existed, or straight into the database) is written out truncated, marked,
 * instead of failing every later read that holds it.
 */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(truncateDeep(value, MAX_BODY_DEPTH * 2));
  }
}
