import type { z } from "zod";
import { PageQuery, ProgramParams } from "../../contracts/common.js";
import {
  AllDecisionsQuery,
  ApproveBody,
  DecisionList,
  DecisionQuery,
  type DecisionView,
  RolloutApplied,
  RolloutList,
  RolloutParams,
  RolloutReasonBody,
  RolloutSchema,
  StartRolloutBody,
} from "../../contracts/rollouts.js";
import type { RouteDeps } from "../http/deps.js";
import { page } from "../http/page.js";
import { defineRoute } from "../http/route.js";
import { answerCreate } from "../idempotency/http.js";
import type { DecisionRecord } from "./store.js";

const Applied = RolloutApplied;
/** A decision as answered: the store keeps conditions as core's untyped results (ConditionResult[] per version); the response check verifies their shape under test. */
const view = (d: DecisionRecord): DecisionView => ({ ...d, conditions: d.conditions as DecisionView["conditions"] });
const out = <R>(a: { rollout: R; decision: DecisionRecord | null }) => ({ rollout: a.rollout, decision: a.decision && view(a.decision) });
// A full page may have more after it: `next` is the ?after= of the following page.
const decisionPage = (decisions: DecisionRecord[], limit: number) => ({
  decisions: decisions.map(view),
  next: decisions.length === limit ? decisions[decisions.length - 1]!.id : null,
});

export function rolloutRoutes(d: RouteDeps): void {
  const { rollouts } = d.services;
  defineRoute(d.app, d, {
    method: "POST",
    url: "/v1/programs/:program/rollouts",
    tag: "rollouts",
    summary: "Start a rollout of challenger versions against the champion (after the pre-production gate; 422 with the report if it fails)",
    permission: "rollout:write",
    params: ProgramParams,
    body: StartRolloutBody,
    responses: { 201: Applied },
    handler: async ({ params, body, actor, request, reply }) =>
      answerCreate(d.services.idempotency, request, reply, actor, body, async () => {
        const started = await rollouts.start(params.program, body.challengers, actor);
        return { status: 201, body: out(started), location: `/v1/rollouts/${started.rollout.id}` };
      }),
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/rollouts",
    tag: "rollouts",
    summary: "Rollouts of a program, newest first",
    permission: "read",
    params: ProgramParams,
    query: PageQuery,
    responses: { 200: RolloutList },
    handler: async ({ params, query }) => {
      const { items, next } = page(await rollouts.list(params.program), (r) => r.id, query);
      return { rollouts: items, next };
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/rollouts",
    tag: "rollouts",
    summary: "Every rollout that has not ended",
    permission: "read",
    query: PageQuery,
    responses: { 200: RolloutList },
    handler: async ({ query }) => {
      const { items, next } = page(await rollouts.list(), (r) => r.id, query);
      return { rollouts: items, next };
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/rollouts/:id",
    tag: "rollouts",
    summary: "One rollout",
    permission: "read",
    params: RolloutParams,
    responses: { 200: RolloutSchema },
    handler: async ({ params }) => rollouts.get(params.id),
  });
  const action = (
    name: string,
    summary: string,
    permission: "rollout:write" | "rollout:approve",
    run: (id: string, body: Record<string, string>, actor: Parameters<typeof rollouts.pause>[1]) => ReturnType<typeof rollouts.pause>,
    body?: z.ZodType,
  ) =>
    defineRoute(d.app, d, {
      method: "POST",
      url: `/v1/rollouts/:id/${name}`,
      tag: "rollouts",
      summary,
      permission,
      params: RolloutParams,
      ...(body ? { body } : {}),
      responses: { 200: Applied },
      handler: async ({ params, body: b, actor }) => out(await run(params.id, (b ?? {}) as Record<string, string>, actor)),
    });
  action("pause", "Hold the rollout at its step (rollbacks still happen)", "rollout:write", (id, _b, a) => rollouts.pause(id, a));
  action("resume", "Resume a paused rollout", "rollout:write", (id, _b, a) => rollouts.resume(id, a));
  action(
    "abort",
    "End the rollout without promotion; the champion serves alone",
    "rollout:write",
    (id, b, a) => rollouts.abort(id, b.reason!, a),
    RolloutReasonBody,
  );
  action(
    "rollback",
    "Roll back now (during burn-in: move @champion back)",
    "rollout:write",
    (id, b, a) => rollouts.rollback(id, b.reason!, a),
    RolloutReasonBody,
  );
  action(
    "promote",
    "Skip the remaining steps; promotes once every required condition passes and approvals are in",
    "rollout:write",
    (id, _b, a) => rollouts.promote(id, a),
  );
  action(
    "approve",
    "Sign off for a named approval role (never the requester)",
    "rollout:approve",
    (id, b, a) => rollouts.approve(id, b.role!, b.comment ?? "", a),
    ApproveBody,
  );
  action(
    "reject",
    "Refuse the promotion (the rollout is aborted)",
    "rollout:approve",
    (id, b, a) => rollouts.reject(id, b.reason!, a),
    RolloutReasonBody,
  );
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/programs/:program/decisions",
    tag: "rollouts",
    summary: "Decision records, oldest first (?rollout=ID&after=ID&limit=N)",
    permission: "read",
    params: ProgramParams,
    query: DecisionQuery,
    responses: { 200: DecisionList },
    handler: async ({ params, query }) => {
      const decisions = await rollouts.decisions({
        program: params.program,
        rolloutId: query.rollout,
        after: query.after,
        limit: query.limit,
      });
      return decisionPage(decisions, query.limit);
    },
  });
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/decisions",
    tag: "rollouts",
    summary:
      "Decision records of every program, oldest first (?program=NAME&rollout=ID&after=ID&limit=N; `next` is the ?after= of the following page)",
    permission: "read",
    query: AllDecisionsQuery,
    responses: { 200: DecisionList },
    handler: async ({ query }) => {
      const decisions = await rollouts.decisions({
        program: query.program,
        rolloutId: query.rollout,
        after: query.after,
        limit: query.limit,
      });
      return decisionPage(decisions, query.limit);
    },
  });
}
