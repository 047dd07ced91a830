/**
 * GET /v1/dashboard/overview: everything the overview page shows, in one
 * request: each program with its champion, traffic split, freeze, latest
 * rollout and its health at a glance. The per-program routes would take
 * 5 requests × 200 programs; this takes one unit of work plus the health.
 */
import { DashboardOverview } from "../../contracts/dashboard.js";
import { isTerminal, type Rollout } from "../../core/rollout/types.js";
import { freezeOf } from "../freeze/service.js";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import { rolloutSummary } from "../rollouts/rollout-summary.js";
import { evaluateForPeople, healthOf, type Health } from "./observe-rollout.js";

/** Health older than this is recomputed in the background: 50 running rollouts must not mean 50 analyses per page load. */
const HEALTH_TTL_MS = 5_000;
const PARALLEL = 4;

export function overviewRoutes(d: RouteDeps): void {
  const cache = new Map<string, { at: number; value: { health: Health; reason: string } }>();
  const compute = async (r: Rollout): Promise<{ health: Health; reason: string }> => {
    const started = d.now().getTime();
    let value: { health: Health; reason: string };
    try {
      value = (await evaluateForPeople(d.store, d.now, d.services.telemetryQuery, r))?.health ?? healthOf(r, null);
    } catch (error) {
      value = { health: "no_data", reason: `could not observe: ${(error as Error).message}` };
    }
    cache.set(r.id, { at: started, value });
    return value;
  };
  // Stale entries are refreshed one at a time, yielding in between: an analysis reads SQLite
  // synchronously, and 50 at once would hold every other request (page loads included) behind them.
  const queue = new Map<string, Rollout>();
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      for (const [id, r] of queue) {
        queue.delete(id);
        await compute(r);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      draining = false;
    }
  };
  /** Stale while revalidating: only the very first look at a rollout waits for its analysis. */
  const healthFor = async (r: Rollout): Promise<{ health: Health; reason: string }> => {
    const hit = cache.get(r.id);
    if (!hit) return compute(r);
    if (d.now().getTime() - hit.at >= HEALTH_TTL_MS) {
      queue.set(r.id, r);
      void drain();
    }
    return hit.value;
  };

  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/dashboard/overview",
    tag: "dashboard",
    summary: "Every program with its champion, traffic split, freeze, latest rollout and health (passing, holding, failing, no_data, idle)",
    permission: "read",
    responses: { 200: DashboardOverview },
    handler: async () => {
      const { programs, freezes, aliases, traffic } = await d.store.tx(async (r) => {
        const programs = await r.programs.list();
        const latest = new Map<string, Rollout | null>();
        for (const p of programs) latest.set(p.name, (await r.rollouts.byProgram(p.name, 1))[0] ?? null);
        return {
          programs: programs.map((p) => ({ p, rollout: latest.get(p.name) ?? null })),
          freezes: await r.freezes.list(),
          aliases: await r.aliases.listAll(),
          traffic: await r.traffic.listAll(),
        };
      });
      const running = programs.map((x) => x.rollout).filter((r): r is Rollout => r !== null && !isTerminal(r.status));
      const health = new Map<string, { health: Health; reason: string }>();
      for (let i = 0; i < running.length; i += PARALLEL) {
        const batch = running.slice(i, i + PARALLEL);
        const values = await Promise.all(batch.map(healthFor));
        batch.forEach((r, j) => health.set(r.id, values[j]!));
      }
      for (const id of cache.keys()) if (!running.some((r) => r.id === id)) cache.delete(id);
      const global = freezes.find((f) => f.program === null) ?? null;
      return {
        generatedAt: d.now().toISOString(),
        globalFreeze: global ? { by: global.by, reason: global.reason, at: global.at } : null,
        programs: programs.map(({ p, rollout }) => {
          const own = freezes.find((f) => f.program === p.name) ?? null;
          const plan = traffic.get(p.name);
          const h = rollout && health.get(rollout.id) ? health.get(rollout.id)! : healthOf(null, null);
          return {
            name: p.name,
            description: p.description,
            owners: p.owners,
            aliases: aliases
              .filter((a) => a.program === p.name)
              .map((a) => ({ alias: a.alias, version: a.version, movedAt: a.movedAt, movedBy: a.movedBy })),
            traffic: { arms: plan?.arms.map((a) => ({ alias: a.alias, weight: a.weight })) ?? [], shadow: plan?.shadow ?? [] },
            frozen: freezeOf(freezes, p.name).frozen,
            freeze: own ? { by: own.by, reason: own.reason, at: own.at } : null,
            rollout: rollout ? rolloutSummary(rollout) : null,
            health: h.health,
            healthReason: h.reason,
          };
        }),
      };
    },
  });
}
