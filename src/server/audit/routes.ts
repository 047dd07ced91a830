import { z } from "zod";
import { AuditList, AuditQuery, AuditVerification, AuditVerifyQuery } from "../../contracts/audit.js";
import { ValidationError } from "../errors.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

export function auditRoutes(d: RouteDeps): void {
  const { audit } = d.services;
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/audit",
    tag: "audit",
    summary: "Audit entries in order, filtered by program, action or actor; page with ?after=<seq>",
    permission: "read",
    query: AuditQuery,
    responses: { 200: AuditList },
    handler: async ({ query }) => audit.list(query),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/audit/verify",
    tag: "audit",
    summary:
      "Check links, hashes, signatures, witness checkpoints and a known head (?knownSeq&knownHash); ?state=true also compares the tables with the replayed log",
    permission: "read",
    query: AuditVerifyQuery,
    responses: { 200: AuditVerification },
    handler: async ({ query }) => {
      if ((query.knownSeq === undefined) !== (query.knownHash === undefined))
        throw new ValidationError("query.knownSeq: give knownSeq and knownHash together");
      const known =
        query.knownSeq !== undefined
          ? { seq: query.knownSeq, hash: query.knownHash!, source: "the head this client verified last" }
          : undefined;
      return audit.verify({ state: query.state, ...(known ? { known } : {}) });
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/audit/export",
    tag: "audit",
    summary:
      "The whole log as JSON lines: a header with the public keys, every signed entry, then the witness checkpoints (verify offline with `arena audit verify --file`)",
    permission: "read",
    responses: { 200: z.string() },
    handler: async ({ reply }) => {
      const lines = [
        JSON.stringify({
          type: "header",
          format: "arena.audit.export/1",
          exportedAt: d.now().toISOString(),
          publicKeys: audit.publicKeys(),
        }),
      ];
      for await (const entry of audit.entries()) lines.push(JSON.stringify({ type: "entry", ...entry }));
      for (const c of audit.checkpoints()) lines.push(JSON.stringify({ type: "checkpoint", ...c }));
      return reply.type("application/x-ndjson").send(`${lines.join("\n")}\n`);
    },
  });
}
