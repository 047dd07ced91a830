import type { ServerResponse } from "node:http";

/**
 * One server-sent-events connection that cannot grow memory for a client that does not read:
 * while the socket has not drained the last frame, newer frames replace each other (a client only
 * needs the newest snapshot), so at most one frame waits per stream. A client that stays behind
 * longer than `lagCloseMs` is disconnected (its SDK reconnects and gets the newest snapshot).
 * Frames may be one Buffer shared by every stream: the socket keeps a reference, not a copy.
 */
export class SseChannel {
  private waiting: string | Buffer | null = null;
  private blockedSince: number | null = null;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly lagCloseMs: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    res.on("drain", () => this.drained());
    res.once("close", () => (this.closed = true));
  }

  /** Sends `frame`, or, while the client is behind, keeps `whenBehind` as the one frame to send once it catches up. */
  send(frame: string | Buffer, whenBehind: string | Buffer = frame): void {
    if (this.closed) return;
    if (this.blockedSince !== null) {
      this.waiting = whenBehind;
      this.checkLag();
      return;
    }
    this.write(frame);
  }

  /** A comment line that keeps proxies from closing an idle stream; skipped while behind. */
  ping(): void {
    if (this.blockedSince === null) this.send(": ping\n\n");
    else this.checkLag();
  }

  /** True while the client has not read what was sent. */
  get behind(): boolean {
    return this.blockedSince !== null;
  }

  /** Disconnects a client that has been behind for longer than allowed; returns whether it did. */
  checkLag(): boolean {
    if (this.closed || this.blockedSince === null || this.clock() - this.blockedSince < this.lagCloseMs) return false;
    this.close();
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = null;
    this.res.destroy();
  }

  /** Ends the stream politely (server shutdown). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.res.end();
  }

  private write(frame: string | Buffer): void {
    if (!this.res.write(frame)) this.blockedSince ??= this.clock();
  }

  private drained(): void {
    this.blockedSince = null;
    const next = this.waiting;
    this.waiting = null;
    if (next !== null && !this.closed) this.write(next);
  }
}
