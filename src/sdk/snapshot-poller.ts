import { authHeaders, failOnStatus, requestSignal, type HttpContext } from "./http.js";
import { unrefTimeout } from "./timing.js";

export interface PollHandlers {
  /** ETag of the snapshot being served, sent as If-None-Match; null to fetch unconditionally. */
  currentEtag(): string | null;
  onSnapshot(body: unknown): void;
  /** Whether this poll reached the server (200 or 304). */
  onResult(reached: boolean): void;
  onError(error: unknown): void;
}

/**
 * Polls GET /v1/sdk/snapshot with If-None-Match every intervalMs while started:
 * the fallback when the stream is down, and a fast first load.
 */
export class SnapshotPoller {
  private running = false;
  private inFlight = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly http: HttpContext,
    private readonly intervalMs: number,
    private readonly handlers: PollHandlers,
  ) {}

  /** Polls at once, then every intervalMs. No-op when already started. */
  start(): void {
    if (this.running || this.http.closed.aborted) return;
    this.running = true;
    if (!this.inFlight) void this.tick();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    this.inFlight = true;
    try {
      await this.pollOnce();
    } finally {
      this.inFlight = false;
    }
    if (this.running && !this.http.closed.aborted) this.timer = unrefTimeout(() => void this.tick(), this.intervalMs);
  }

  private async pollOnce(): Promise<void> {
    try {
      const headers = authHeaders(this.http, "application/json");
      const etag = this.handlers.currentEtag();
      if (etag !== null) headers["if-none-match"] = etag;
      const response = await this.http.fetch(`${this.http.baseUrl}/v1/sdk/snapshot`, { headers, signal: requestSignal(this.http) });
      if (response.status === 304) {
        await response.body?.cancel().catch(() => undefined);
        this.handlers.onResult(true);
        return;
      }
      if (response.status !== 200) await failOnStatus(response);
      const body: unknown = await response.json();
      this.handlers.onResult(true);
      this.handlers.onSnapshot(body);
    } catch (error) {
      if (this.http.closed.aborted) return;
      this.handlers.onResult(false);
      this.handlers.onError(error);
    }
  }
}
