import { StatusReport } from "../../contracts/rollouts.js";
import { freezeOf } from "../freeze/service.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { rolloutSummary } from "./rollout-summary.js";

/** One call for "what is going on": every program, its champion, its running rollout and latest decision. */
export function statusRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/status",
    tag: "rollouts",
    summary: "Every program: champion, freeze, running rollout with its step and hold reason, latest decision",
    permission: "read",
    responses: { 200: StatusReport },
    handler: async () =>
      d.store.tx(async (r) => {
        const freezes = await r.freezes.list();
        const programs = [];
        for (const p of await r.programs.list()) {
          const latest = (await r.rollouts.byProgram(p.name, 1))[0] ?? null;
          const decisions = await r.decisions.list({ program: p.name, after: 0, limit: 100_000 });
          const last = decisions.at(-1) ?? null;
          programs.push({
            program: p.name,
            champion: (await r.aliases.get(p.name, "champion"))?.version ?? null,
            frozen: freezeOf(freezes, p.name).frozen,
            rollout: latest ? rolloutSummary(latest) : null,
            lastDecision: last ? { at: last.at, action: last.action, summary: last.summary } : null,
          });
        }
        return { globalFreeze: freezes.some((f) => f.program === null), programs };
      }),
  });
}
