import { StatusReport } from "../../contracts/rollouts.js";
import { activeChallengers } from "../../core/rollout/types.js";
import { freezeOf } from "../freeze/service.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";

/** One call for "what is going on": every program, its champion, its running rollout and latest decision. */
export function statusRoutes(d: RouteDeps): void {
  defineRoute(d.app, d, {
    method: "GET", url: "/v1/status", tag: "rollouts", summary: "Every program: champion, freeze, running rollout with its step and hold reason, latest decision",
    permission: "read", responses: { 200: StatusReport },
    handler: async () =>
      d.store.tx(async (r) => {
        const freezes = await r.freezes.list();
        const programs = [];
        for (const p of await r.programs.list()) {
          const latest = (await r.rollouts.byProgram(p.name, 1))[0] ?? null;
          const decisions = await r.decisions.list({ program: p.name, after: 0, limit: 100_000 });
          const last = decisions.at(-1) ?? null;
          const step = latest?.plan.steps[latest.stepIndex];
          // During burn-in the promoted version serves every unit: the step label says so, not the last canary share.
          const burnIn = latest?.status === "burn_in" && latest.burnInUntil ? { until: latest.burnInUntil, ms: latest.plan.burnInMs ?? 0 } : null;
          programs.push({
            program: p.name,
            champion: (await r.aliases.get(p.name, "champion"))?.version ?? null,
            frozen: freezeOf(freezes, p.name).frozen,
            rollout: latest
              ? {
                  id: latest.id,
                  status: latest.status,
                  step: latest.stepIndex + 1,
                  steps: latest.plan.steps.length,
                  stepLabel: burnIn ? `burn-in: v${latest.promoted} serves 100 %` : step ? (step.shadow ? "shadow" : `${+(step.weight * 100).toFixed(2)} %`) : "",
                  stepStartedAt: burnIn ? new Date(Date.parse(burnIn.until) - burnIn.ms).toISOString() : latest.stepStartedAt,
                  stepDurationMs: burnIn ? burnIn.ms : (step?.durationMs ?? 0),
                  burnInUntil: burnIn?.until ?? null,
                  challengers: latest.challengers.map((c) => ({ version: c.version, alias: c.alias, status: c.status })),
                  hold: latest.hold,
                  paused: latest.paused,
                  active: activeChallengers(latest).length,
                }
              : null,
            lastDecision: last ? { at: last.at, action: last.action, summary: last.summary } : null,
          });
        }
        return { globalFreeze: freezes.some((f) => f.program === null), programs };
      }),
  });
}
