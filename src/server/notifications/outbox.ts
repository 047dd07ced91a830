import type { NotificationEvent } from "../../core/rollout/effects.js";
import type { Repos } from "../store/store.js";

/** What a bridge to another system (a model registry, a chat channel, a deploy tool) needs to follow Arena. */
export interface NotificationDetails {
  /** The alias that moved (alias_moved), or @champion for promotions and rollbacks. */
  alias?: string;
  fromVersion?: number | null;
  toVersion?: number | null;
  /** The alias move's id in the alias history. */
  moveId?: number;
  /** The decision record the notification reports. */
  decisionId?: number;
  /** The rollout's champion and challenger versions. */
  champion?: number;
  challengers?: number[];
  actor?: string;
  reason?: string;
}

export interface OutgoingNotification {
  program: string;
  rolloutId: string | null;
  event: NotificationEvent;
  severity: "page" | "ticket" | "info";
  summary: string;
  details?: NotificationDetails;
}

/**
 * Queues a notification for every webhook of the program's policy that
 * subscribes to its event, inside the caller's unit of work: it is sent if and
 * only if the change it reports commits. The dispatcher delivers it later.
 */
export async function enqueueNotifications(repos: Repos, now: Date, n: OutgoingNotification): Promise<number> {
  const policy = await repos.policies.get(n.program);
  let queued = 0;
  for (const hook of policy?.document.notifications.webhooks ?? []) {
    if (!hook.events.includes(n.event)) continue;
    await repos.notifications.enqueue({
      program: n.program,
      rolloutId: n.rolloutId,
      event: n.event,
      severity: n.severity,
      url: hook.url,
      secretEnv: hook.secretEnv,
      payload: {
        event: n.event,
        severity: n.severity,
        program: n.program,
        rollout: n.rolloutId,
        summary: n.summary,
        at: now.toISOString(),
        ...n.details,
      },
      status: "pending",
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      lastError: null,
      lastStatusCode: null,
      createdAt: now.toISOString(),
      deliveredAt: null,
    });
    queued++;
  }
  return queued;
}
