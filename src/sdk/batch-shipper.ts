import { performance } from "node:perf_hooks";
import { HttpStatusError } from "./errors.js";
import { authHeaders, requestSignal, type HttpContext } from "./http.js";
import { backoffDelay, retryAfterMs, unrefTimeout } from "./timing.js";

/** A Retry-After longer than this is read as this. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export interface ShipperSettings {
  flushIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** A batch ready to (re)send: its body is built once, so a retry sends the very same bytes (and batchId). */
export interface PendingBatch {
  /** Items it carries (exposures, observations), for the sent and dropped counters. */
  count: number;
  body: string;
}

/** Where batches come from; each shipper (exposures, telemetry) has its own. */
export interface BatchSource<B extends PendingBatch> {
  /** Items waiting to be put into a batch. */
  readonly size: number;
  hasWork(): boolean;
  /** Takes items out into a new batch with a fresh batchId. */
  next(): B;
  /** The server refused the batch for good (4xx): its items are lost and must be counted. */
  refused(batch: B): void;
  /** The client closed with this batch unsent (null: none) and items still waiting: count them all; returns how many. */
  abandon(pending: B | null): number;
}

type SendOutcome = "sent" | "refused" | { retryAfterMs: number | null };

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Ships batches to one endpoint, one request at a time, in the background:
 * retries a failed batch with the same batchId after an exponential backoff with
 * jitter or the server's Retry-After (429/503 under overload); a batch the server
 * refuses (4xx) is handed back to the source to be counted as dropped; events the
 * server rejects one by one are reported.
 */
export class BatchShipper<B extends PendingBatch> {
  /** Items the server acknowledged. */
  sent = 0;
  private pending: B | null = null;
  private attempts = 0;
  /** performance.now() before which no request is made (backoff or Retry-After). */
  private retryAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly path: string,
    private readonly what: string,
    private readonly source: BatchSource<B>,
    private readonly http: HttpContext,
    private readonly settings: ShipperSettings,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.interval = setInterval(() => this.drainInBackground(), this.settings.flushIntervalMs);
    this.interval.unref();
  }

  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
  }

  /** Items waiting, in the source or in a batch being retried. */
  get backlog(): number {
    return this.source.size + (this.pending?.count ?? 0);
  }

  /** Ships until everything is sent or a request fails. Honours a running backoff unless `final`. */
  async drain(final = false): Promise<void> {
    // Re-check after every wait: another caller may have started a drain meanwhile, and two must never run at once.
    while (this.draining !== null) await this.draining;
    if (!final && performance.now() < this.retryAt) return;
    if (!this.hasWork()) return;
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Counts whatever could not be shipped as dropped; called once the client is closed. */
  abandon(): number {
    const lost = this.source.abandon(this.pending);
    this.pending = null;
    return lost;
  }

  private drainInBackground(): void {
    this.drain().catch(this.onError);
  }

  private hasWork(): boolean {
    return this.pending !== null || this.source.hasWork();
  }

  private async drainLoop(): Promise<void> {
    while (this.hasWork()) {
      this.pending ??= this.source.next();
      const batch = this.pending;
      const outcome = await this.send(batch.body);
      if (outcome === "sent" || outcome === "refused") {
        if (outcome === "sent") this.sent += batch.count;
        else this.source.refused(batch);
        this.pending = null;
        this.attempts = 0;
        continue;
      }
      const delay = Math.min(
        outcome.retryAfterMs ?? backoffDelay(this.attempts, this.settings.retryBaseMs, this.settings.retryMaxMs),
        MAX_RETRY_AFTER_MS,
      );
      this.attempts++;
      this.retryAt = performance.now() + delay;
      clearTimeout(this.retryTimer);
      // Timers may fire a hair early against performance.now(): the timer, not the clock, ends the wait.
      this.retryTimer = unrefTimeout(() => {
        this.retryAt = 0;
        this.drainInBackground();
      }, delay);
      return;
    }
  }

  /** The server keeps the valid events of a batch and lists the others in `rejected`; say so. */
  private async reportRejected(response: Response): Promise<void> {
    const text = await response.text().catch(() => "");
    if (!text.startsWith("{")) return;
    try {
      const { rejected } = JSON.parse(text) as { rejected?: unknown };
      if (Array.isArray(rejected) && rejected.length > 0) {
        this.onError(new Error(`the server rejected ${rejected.length} ${this.what}: ${JSON.stringify(rejected.slice(0, 3))}`));
      }
    } catch {
      // Not JSON: nothing to report.
    }
  }

  private async send(body: string): Promise<SendOutcome> {
    try {
      const response = await this.http.fetch(`${this.http.baseUrl}${this.path}`, {
        method: "POST",
        headers: { ...authHeaders(this.http, "application/json"), "content-type": "application/json" },
        body,
        signal: requestSignal(this.http),
      });
      if (response.ok) {
        await this.reportRejected(response);
        return "sent";
      }
      await response.body?.cancel().catch(() => undefined);
      const retryAfter = response.headers.get("retry-after");
      this.onError(new HttpStatusError(response.status, retryAfter));
      if (!isRetryable(response.status)) return "refused";
      return { retryAfterMs: retryAfterMs(retryAfter, Date.now()) };
    } catch (error) {
      this.onError(error);
      return { retryAfterMs: null };
    }
  }
}
