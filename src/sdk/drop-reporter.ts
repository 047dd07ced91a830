import { unrefTimeout } from "./timing.js";

/**
 * Turns drop counts into onError reports without flooding: drops are summed by
 * reason and reported at most once per `delayMs` (and when the client closes),
 * so a full buffer under load costs one report a second, not one per call.
 */
export class DropReporter {
  private readonly counts = new Map<string, number>();
  private lastDetail: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly what: string,
    private readonly report: (message: string) => void,
    private readonly delayMs = 1_000,
  ) {}

  add(reason: string, count: number, detail?: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + count);
    if (detail !== undefined) this.lastDetail = detail;
    this.timer ??= unrefTimeout(() => this.flush(), this.delayMs);
  }

  /** Reports what was counted since the last report, if anything. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const parts = [...this.counts].map(([reason, n]) => `${n} ${reason}`);
    const detail = this.lastDetail === undefined ? "" : `; last: ${this.lastDetail}`;
    this.counts.clear();
    this.lastDetail = undefined;
    this.report(`${this.what} not kept: ${parts.join(", ")}${detail}`);
  }
}
