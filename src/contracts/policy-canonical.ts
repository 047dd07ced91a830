/**
 * A policy's canonical form, for idempotent apply and for diffs: defaults
 * applied, shares as numbers ("5%" → 0.05), object keys sorted, list order
 * kept (a condition's id is its gate and its index).
 */
import { PolicyDocument } from "./policy.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PolicyChange {
  /** Dotted path as in validation errors, e.g. "gates.live.0.margin". */
  path: string;
  kind: "added" | "removed" | "changed";
  /** Absent when added. */
  before?: Json;
  /** Absent when removed. */
  after?: Json;
}

function share(x: unknown): unknown {
  return typeof x === "string" && /^\d+(\.\d+)?%$/.test(x) ? Number((Number(x.slice(0, -1)) / 100).toPrecision(12)) : x;
}

function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value === null) return value;
  return null;
}

/** Defaults applied and shares normalised; a document that no longer validates is only key-sorted. */
export function canonicalPolicyValue(policy: unknown): Json {
  const parsed = PolicyDocument.safeParse(policy);
  if (!parsed.success) return sortKeys(policy);
  const p = parsed.data;
  const rollout = {
    ...p.rollout,
    weight: share(p.rollout.weight),
    floor: share(p.rollout.floor),
    steps: p.rollout.steps?.map((s) => ({ ...s, weight: share(s.weight), sample: share(s.sample) })),
  };
  return sortKeys({ ...p, rollout });
}

/**
 * Stable text of a policy: two policies that mean the same give the same string.
 * @example canonicalPolicy(a) === canonicalPolicy(b) // apply is a no-op
 */
export function canonicalPolicy(policy: PolicyDocument): string {
  return JSON.stringify(canonicalPolicyValue(policy), null, 2);
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

function walk(before: Json | undefined, after: Json | undefined, path: string, out: PolicyChange[]): void {
  const at = (key: string | number): string => (path ? `${path}.${key}` : String(key));
  if (isObject(before) && isObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) walk(before[key], after[key], at(key), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) walk(before[i], after[i], at(i), out);
    return;
  }
  if (before === undefined && after === undefined) return;
  if (before === undefined) out.push({ path, kind: "added", after: after as Json });
  else if (after === undefined) out.push({ path, kind: "removed", before });
  else if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, kind: "changed", before, after });
}

/**
 * What applying `after` over `before` (null: no policy yet) changes, on canonical forms,
 * leaf by leaf; a section that appears or disappears is one change.
 * @example diffPolicies(current, next) // [{ path: "gates.live.0.margin", kind: "changed", before: 0.01, after: 0.02 }]
 */
export function diffPolicies(before: PolicyDocument | null, after: PolicyDocument): PolicyChange[] {
  const out: PolicyChange[] = [];
  walk(before === null ? {} : canonicalPolicyValue(before), canonicalPolicyValue(after), "", out);
  return out;
}

/** "~ gates.live.0.margin: 0.01 → 0.02", "+ slos.1: {…}", "- approvals.roles.1: {…}". */
export function formatPolicyDiff(changes: readonly PolicyChange[]): string {
  const show = (v: Json | undefined): string => JSON.stringify(v);
  return changes
    .map((c) =>
      c.kind === "added"
        ? `+ ${c.path}: ${show(c.after)}`
        : c.kind === "removed"
          ? `- ${c.path}: ${show(c.before)}`
          : `~ ${c.path}: ${show(c.before)} → ${show(c.after)}`,
    )
    .join("\n");
}
