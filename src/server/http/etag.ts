/**
 * Entity tags for optimistic concurrency (RFC 9110): GETs of aliases, traffic, policies and
 * programs send `ETag`; their writes honour `If-Match` (412 when the resource changed meanwhile),
 * checked inside the write's unit of work so two writers can never both pass.
 */
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { canonicalJson } from "../audit/chain.js";
import { AppError, ValidationError } from "../errors.js";

export class PreconditionFailedError extends AppError {
  constructor(message: string) {
    super(412, "precondition_failed", message);
  }
}

/** A strong entity tag for a representation: `"` + 16 base64url characters of its SHA-256 + `"`. */
export function etagOf(value: unknown): string {
  return `"${createHash("sha256").update(canonicalJson(value)).digest("base64url").slice(0, 16)}"`;
}

/** The tags of an If-Match header: "*" for any current representation, else the list; undefined without one. */
export function ifMatchOf(request: FastifyRequest): "*" | string[] | undefined {
  const header = request.headers["if-match"];
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text.trim() === "*") return "*";
  const tags = text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0 || tags.some((t) => !/^"[^"]*"$/.test(t))) {
    throw new ValidationError(`headers.if-match: must be "*" or quoted entity tags such as "${"r3"}" (got ${text})`);
  }
  return tags;
}

/** Throws 412 unless `current` (the tag of the representation now, or null when there is none) satisfies If-Match. */
export function checkIfMatch(ifMatch: "*" | string[] | undefined, current: string | null, what: string): void {
  if (ifMatch === undefined) return;
  if (ifMatch === "*" ? current !== null : current === null || !ifMatch.includes(current)) {
    throw new PreconditionFailedError(
      `${what} changed since you read it (If-Match ${ifMatch === "*" ? "*" : ifMatch.join(", ")}, now ${current ?? "absent"}); read it again and retry`,
    );
  }
}

/** True when If-None-Match names the current tag (answer 304). */
export function notModified(request: FastifyRequest, current: string): boolean {
  const header = request.headers["if-none-match"];
  if (header === undefined) return false;
  const text = Array.isArray(header) ? header.join(",") : header;
  return text.trim() === "*" || text.split(",").some((t) => t.trim().replace(/^W\//, "") === current);
}
