import { AuditList, AuditQuery, AuditVerification } from "../../contracts/audit.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

export function auditRoutes(d: RouteDeps): void {
  const { audit } = d.services;
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/audit", tag: "audit", summary: "Audit entries in order, filtered by program, action or actor; page with ?after=<seq>",
    permission: "read", query: AuditQuery, responses: { 200: AuditList },
    handler: async ({ query }) => audit.list(query),
  });
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/audit/verify", tag: "audit", summary: "Re-hash the whole chain and report the first tampered entry",
    permission: "read", responses: { 200: AuditVerification },
    handler: async () => audit.verify(),
  });
}
