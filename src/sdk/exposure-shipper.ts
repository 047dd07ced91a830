import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { HttpStatusError } from "./errors.js";
import type { Exposure, ExposureBuffer } from "./exposure-buffer.js";
import { authHeaders, requestSignal, type HttpContext } from "./http.js";
import { backoffDelay, retryAfterMs, unrefTimeout } from "./timing.js";

export const SDK_NAME = "arena-ts/0.1.0";
/** A Retry-After longer than this is read as this. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Body of POST /v1/exposures. The batchId is kept across retries so the server can dedupe. */
export interface ExposureBatch {
  batchId: string;
  sdk: string;
  dropped: number;
  exposures: Exposure[];
}

export interface ShipperSettings {
  batchSize: number;
  flushIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** A batch ready to (re)send: its body is built once, so a retry sends the very same bytes. */
interface PendingBatch {
  batchId: string;
  dropped: number;
  count: number;
  body: string;
}

type SendOutcome = "sent" | "refused" | { retryAfterMs: number | null };

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Ships the buffer in batches, one request at a time, in the background:
 * retries a failed batch with the same batchId after an exponential backoff or
 * the server's Retry-After; a batch the server refuses (4xx) counts as dropped.
 */
export class ExposureShipper {
  sent = 0;
  private pending: PendingBatch | null = null;
  private attempts = 0;
  /** performance.now() before which no request is made (backoff or Retry-After). */
  private retryAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly buffer: ExposureBuffer,
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

  /** Exposures waiting, in the buffer or in a batch being retried. */
  get backlog(): number {
    return this.buffer.size + (this.pending?.count ?? 0);
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
    const lost = this.backlog;
    if (this.pending !== null) this.buffer.returnDrops(this.pending.dropped);
    this.buffer.addDrops(lost);
    this.buffer.clear();
    this.pending = null;
    return lost;
  }

  private drainInBackground(): void {
    this.drain().catch(this.onError);
  }

  private hasWork(): boolean {
    return this.pending !== null || this.buffer.size > 0 || this.buffer.unreportedDrops > 0;
  }

  private async drainLoop(): Promise<void> {
    while (this.hasWork()) {
      this.pending ??= this.nextBatch();
      const batch = this.pending;
      const outcome = await this.send(batch.body);
      if (outcome === "sent" || outcome === "refused") {
        if (outcome === "sent") this.sent += batch.count;
        else {
          this.buffer.returnDrops(batch.dropped);
          this.buffer.addDrops(batch.count);
        }
        this.pending = null;
        this.attempts = 0;
        continue;
      }
      const delay = Math.min(outcome.retryAfterMs ?? backoffDelay(this.attempts, this.settings.retryBaseMs, this.settings.retryMaxMs), MAX_RETRY_AFTER_MS);
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

  private nextBatch(): PendingBatch {
    const batchId = randomUUID();
    const dropped = this.buffer.takeDrops();
    const exposures = this.buffer.take(this.settings.batchSize);
    const batch: ExposureBatch = { batchId, sdk: SDK_NAME, dropped, exposures };
    return { batchId, dropped, count: exposures.length, body: JSON.stringify(batch) };
  }

  /** The server keeps the valid events of a batch and lists the others in `rejected`; say so. */
  private async reportRejected(response: Response): Promise<void> {
    const text = await response.text().catch(() => "");
    if (!text.startsWith("{")) return;
    try {
      const { rejected } = JSON.parse(text) as { rejected?: unknown };
      if (Array.isArray(rejected) && rejected.length > 0) {
        this.onError(new Error(`the server rejected ${rejected.length} exposures: ${JSON.stringify(rejected.slice(0, 3))}`));
      }
    } catch {
      // Not JSON: nothing to report.
    }
  }

  private async send(body: string): Promise<SendOutcome> {
    try {
      const response = await this.http.fetch(`${this.http.baseUrl}/v1/exposures`, {
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
