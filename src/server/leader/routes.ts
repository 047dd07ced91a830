import { z } from "zod";
import type { RouteDeps } from "../http/deps.js";
import { defineRoute } from "../http/route.js";
import type { LeaderElector } from "./elector.js";

export const LeaderStatus = z.object({
  /** This replica's id in the election. */
  replica: z.string(),
  /** "single": one process (SQLite), always the leader; "lease": PostgreSQL lease. */
  election: z.enum(["single", "lease"]),
  /** Whether this replica runs the rollout controller right now. */
  leader: z.boolean(),
  /** Token of the lease this replica holds (grows on every takeover), or null. */
  fencingToken: z.number().nullable(),
});

/** GET /v1/leader: which replica answered and whether it is the one deciding (ask each replica directly, not through the load balancer). */
export function leaderRoutes(d: RouteDeps, leader: LeaderElector): void {
  defineRoute(d.app, d, {
    method: "GET",
    url: "/v1/leader",
    tag: "health",
    summary: "Whether this replica is the controller's leader (leader election across replicas)",
    permission: "read",
    responses: { 200: LeaderStatus },
    handler: async () => ({
      replica: leader.replica,
      election: leader.kind,
      leader: leader.isLeader(),
      fencingToken: leader.fencingToken(),
    }),
  });
}
