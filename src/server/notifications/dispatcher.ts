/**
 * Delivers webhook notifications from the outbox: signed with HMAC-SHA256 over
 * the body (header X-Arena-Signature: sha256=<hex>), retried with exponential
 * backoff, every attempt recorded on the notification.
 */
import { createHmac } from "node:crypto";
import type { ServiceContext } from "../context.js";
import type { Notification } from "./store.js";
import { postWebhook, type WebhookPost } from "./webhook-target.js";

/** Sends one signed webhook and resolves with the HTTP status. */
export type WebhookSender = (url: string, post: WebhookPost) => Promise<number>;

export const MAX_ATTEMPTS = 8;
/** Only variables meant for it may sign webhooks (never HOME, PATH or a database password). */
export const SECRET_ENV_PREFIX = "ARENA_WEBHOOK_";

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Standard Webhooks (standardwebhooks.com) headers beside Arena's own: `webhook-id` (the same on
 * every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">`. A secret written as `whsec_<base64>` is used as those bytes (the
 * spec's form); any other secret as its UTF-8 bytes.
 */
export function standardWebhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${mac}` };
}

export class NotificationDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Webhook targets allowed on internal addresses (ARENA_WEBHOOK_ALLOW_HOSTS). */
    private readonly allowHosts: readonly string[] = [],
    private readonly sendImpl: WebhookSender = (url, post) => postWebhook(url, post, this.allowHosts),
  ) {}

  /** `mayDeliver`: with several replicas, only the leader delivers (else each would send every webhook). */
  start(everyMs = 1_000, mayDeliver: () => boolean = () => true): void {
    this.timer = setInterval(() => void (mayDeliver() ? this.deliverDue().catch(() => 0) : undefined), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async deliverDue(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      const due = await this.ctx.store.tx((r) => r.notifications.due(this.ctx.now().toISOString(), 50));
      for (const n of due) await this.deliver(n);
      return due.length;
    } finally {
      this.busy = false;
    }
  }

  private async deliver(n: Notification): Promise<void> {
    const body = JSON.stringify(n.payload);
    const secret = this.env[n.secretEnv];
    const next: Notification = { ...n, attempts: n.attempts + 1 };
    if (!n.secretEnv.startsWith(SECRET_ENV_PREFIX)) {
      next.status = "failed";
      next.lastError = `secretEnv ${n.secretEnv} does not start with ${SECRET_ENV_PREFIX}; not sending (no server variable may sign webhooks by accident)`;
    } else if (!secret) {
      next.status = "failed";
      next.lastError = `environment variable ${n.secretEnv} (the webhook's HMAC secret) is not set; not sending unsigned`;
    } else {
      try {
        const status = await this.sendImpl(n.url, {
          headers: {
            "content-type": "application/json",
            "x-arena-event": n.event,
            "x-arena-delivery": String(n.id),
            "x-arena-signature": signature(secret, body),
            ...standardWebhookHeaders(secret, `msg_${n.id}`, this.ctx.now(), body),
          },
          body,
          timeoutMs: 10_000,
        });
        next.lastStatusCode = status;
        if (status >= 200 && status < 300) {
          next.status = "delivered";
          next.deliveredAt = this.ctx.now().toISOString();
          next.lastError = null;
        } else next.lastError = `HTTP ${status}`;
      } catch (error) {
        next.lastError = (error as Error).message;
      }
      if (next.status === "pending") {
        if (next.attempts >= MAX_ATTEMPTS) next.status = "failed";
        else next.nextAttemptAt = new Date(this.ctx.now().getTime() + Math.min(600_000, 1_000 * 2 ** (next.attempts - 1))).toISOString();
      }
    }
    await this.ctx.store.tx((r) => r.notifications.update(next));
  }
}
