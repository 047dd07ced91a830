/**
 * Policies as YAML files: parsing with positions, so every problem reads
 * "policy.yaml:14:7 gates.live.0.margin: non_inferiority needs a margin".
 * YAML syntax errors, schema violations (zod) and cross-field rules are all
 * reported with the line and column of the offending node, or of its nearest
 * existing parent when a key is missing.
 */
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { PolicyDocument } from "./policy.js";
import { policySemanticIssues } from "./policy-semantics.js";
import { locate, type PathKey } from "./policy-locate.js";

export { canonicalPolicy, canonicalPolicyValue, diffPolicies, formatPolicyDiff, type Json, type PolicyChange } from "./policy-canonical.js";

export interface PolicyError {
  line: number;
  column: number;
  /** Dotted path, e.g. "gates.live.0.margin"; "" for the document itself. */
  path: string;
  message: string;
  /** The file name given to parsePolicy. */
  source: string;
}

export type PolicyParseResult = { ok: true; policy: PolicyDocument } | { ok: false; errors: PolicyError[] };

type Issue = z.core.$ZodIssue;

/** zod's "Invalid input: expected number, received null" reads better without its prefix. */
const plain = (message: string): string => message.replace(/^Invalid input: /, "");

const joinPath = (path: readonly PathKey[]): string => path.map(String).join(".");
const toKeys = (path: readonly PropertyKey[]): PathKey[] => path.map((k) => (typeof k === "number" ? k : String(k)));

/** A union's message: the branch that matched the value's type if any, else the types it accepts. */
function unionMessage(issue: Extract<Issue, { code: "invalid_union" }>): { message: string; path: PathKey[] } {
  const branches = issue.errors;
  if (branches.length === 0) return { message: issue.message, path: [] };
  const typed = branches.find((b) => !b.some((i) => i.code === "invalid_type" && i.path.length === 0));
  const first = typed?.[0];
  if (first) return { message: first.message, path: toKeys(first.path) };
  const expected = branches.flatMap((b) => b.flatMap((i) => (i.code === "invalid_type" ? [i.expected] : [])));
  return { message: `expected ${[...new Set(expected)].join(" or ")}`, path: [] };
}

type Place = (path: PathKey[], at?: "key") => { line: number; column: number; exact: boolean };

function fromIssue(issue: Issue, place: Place, source: string): PolicyError[] {
  const path = toKeys(issue.path);
  const error = (p: PathKey[], message: string, at?: "key"): PolicyError => {
    const pos = place(p, at);
    return { line: pos.line, column: pos.column, path: joinPath(p), message: plain(message), source };
  };
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => error([...path, key], `unknown field "${key}"`, "key"));
    case "invalid_key": {
      const inner = issue.issues[0]?.message ?? issue.message;
      return [error(path, `invalid name "${String(path[path.length - 1])}": ${inner}`, "key")];
    }
    case "invalid_union": {
      const u = unionMessage(issue);
      return [error([...path, ...u.path], u.message)];
    }
    case "invalid_type": {
      // A missing key has no node: say so rather than "received undefined".
      if (!place(path).exact) return [error(path, `missing (expected ${issue.expected})`)];
      return [error(path, issue.message)];
    }
    default:
      return [error(path, issue.message)];
  }
}

/**
 * Parses and validates a policy. Pure; `source` names the file in the errors.
 * @example parsePolicy(readFileSync("policy.yaml", "utf8"), "policy.yaml")
 */
export function parsePolicy(text: string, source = "policy.yaml"): PolicyParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: "", message: e.message, source };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, errors: [{ line: 1, column: 1, path: "", message: (error as Error).message, source }] };
  }
  const place: Place = (path, at) => locate(doc, lines, path, at);
  const parsed = PolicyDocument.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, errors: sorted(parsed.error.issues.flatMap((i) => fromIssue(i, place, source))) };
  const semantic = policySemanticIssues(parsed.data).map((s) => {
    const pos = place(s.path);
    return { line: pos.line, column: pos.column, path: joinPath(s.path), message: s.message, source };
  });
  if (semantic.length > 0) return { ok: false, errors: sorted(semantic) };
  return { ok: true, policy: parsed.data };
}

function sorted(errors: PolicyError[]): PolicyError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
}

/**
 * One line per error, as compilers print them.
 * @example formatPolicyErrors(errors, "policy.yaml") // "policy.yaml:14:7 gates.live.0.margin: non_inferiority needs a margin"
 */
export function formatPolicyErrors(errors: readonly PolicyError[], source?: string): string {
  return errors.map((e) => `${source ?? e.source}:${e.line}:${e.column} ${e.path ? `${e.path}: ` : ""}${e.message}`).join("\n");
}
