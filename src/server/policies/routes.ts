import { ProgramParams } from "../../contracts/common.js";
import { PolicyApplied, PolicyDocument, PolicyInForce } from "../../contracts/policy.js";
import { pendingOr } from "../changes/pending-reply.js";
import { ChangePending } from "../changes/service.js";
import { ValidationError } from "../errors.js";
import type { RouteDeps } from "../http/deps.js";
import { ifMatchOf } from "../http/etag.js";
import { defineRoute } from "../http/route.js";
import { checkWebhookTargets } from "../notifications/webhook-target.js";
import { requireKnownNames } from "./policy-references.js";
import { policyEtag } from "./service.js";
import { refuseSemanticIssues } from "./validate.js";

/** PUT and GET /v1/programs/:program/policy: the declarative policy of a program. */
export function policyRoutes(d: RouteDeps): void {
  const { policies } = d.services;
  defineRoute(d.app, d, {
    method: "PUT",
    url: "/v1/programs/:program/policy",
    tag: "policy",
    summary: "Apply a policy document (idempotent): creates the program if needed, installs its metrics and segments",
    permission: "program:write",
    params: ProgramParams,
    body: PolicyDocument,
    responses: { 200: PolicyApplied },
    handler: async ({ params, body, actor, request, reply }) => {
      if (body.program !== params.program)
        throw new ValidationError(`body.program: is "${body.program}" but the URL names "${params.program}"`);
      refuseSemanticIssues(body);
      checkWebhookTargets(body.notifications.webhooks, d.limits.webhookAllowHosts);
      await requireKnownNames(d.store, body);
      const result = await policies.apply(body, actor, ifMatchOf(request));
      if (result instanceof ChangePending) return pendingOr(reply, result);
      reply.header("ETag", policyEtag(result.policy.revision));
      return result;
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/policy",
    tag: "policy",
    summary: "The policy in force and its revision",
    permission: "read",
    params: ProgramParams,
    responses: { 200: PolicyInForce },
    handler: async ({ params, reply }) => {
      const policy = await policies.get(params.program);
      reply.header("ETag", policyEtag(policy.revision));
      return policy;
    },
  });
}
