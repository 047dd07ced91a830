import {
  ApproveChangeBody,
  ChangeList,
  ChangeParams,
  ChangeQuery,
  ChangeRequestSchema,
  RejectChangeBody,
} from "../../contracts/changes.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

export function changeRoutes(d: RouteDeps): void {
  const { changes } = d.services;
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/changes",
    tag: "changes",
    summary: "Change requests, newest first (?status=pending&program=NAME)",
    permission: "read",
    query: ChangeQuery,
    responses: { 200: ChangeList },
    handler: async ({ query }) => ({ changes: await changes.list(query) }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/changes/:id",
    tag: "changes",
    summary: "One change request with its diff and approvals",
    permission: "read",
    params: ChangeParams,
    responses: { 200: ChangeRequestSchema },
    handler: async ({ params }) => changes.get(params.id),
  });
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/changes/:id/approve",
    tag: "changes",
    summary: "Sign off a change request (a principal other than the requester, with the role); the last sign-off applies it atomically",
    permission: "rollout:approve",
    params: ChangeParams,
    body: ApproveChangeBody,
    responses: { 200: ChangeRequestSchema },
    handler: async ({ params, body, actor }) => changes.approve(params.id, body.role, body.comment, actor),
  });
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/changes/:id/reject",
    tag: "changes",
    summary: "Refuse a change request (an approver), or withdraw it (its requester)",
    permission: "read",
    params: ChangeParams,
    body: RejectChangeBody,
    responses: { 200: ChangeRequestSchema },
    handler: async ({ params, body, actor }) => changes.reject(params.id, body.reason, actor),
  });
}
