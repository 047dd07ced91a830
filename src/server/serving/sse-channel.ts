import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** HTTP/1.1 chunk framing of each shared frame, built once per frame and shared like the frame itself. */
const framed = new WeakMap<Buffer, Buffer>();

const PING = Buffer.from(": ping\n\n");

function chunkOf(frame: string | Buffer): Buffer {
  if (typeof frame === "string") return Buffer.from(`${Buffer.byteLength(frame).toString(16)}\r\n${frame}\r\n`);
  let chunk = framed.get(frame);
  if (chunk === undefined) {
    chunk = Buffer.concat([Buffer.from(`${frame.length.toString(16)}\r\n`), frame, Buffer.from("\r\n")]);
    framed.set(frame, chunk);
  }
  return chunk;
}

/**
 * One server-sent-events connection that cannot grow memory for a client that does not read:
 * while the socket has not drained the last frame, newer frames replace each other (a client only
 * needs the newest snapshot), so at most one frame waits per stream. A client that stays behind
 * longer than `lagCloseMs` is disconnected (its SDK reconnects and gets the newest snapshot).
 * Frames may be one Buffer shared by every stream: the socket keeps a reference, not a copy.
 *
 * Frames go straight to the socket, already chunk-framed (one buffer, one write per stream), not
 * through `res.write` (three buffered writes, a corked tick and a writev each): a move fanned out
 * to 10,000 streams costs a third of the event loop it did. `res` still sends the headers and the
 * final chunk (`end`). The caller has called `res.writeHead`.
 */
export class SseChannel {
  private waiting: string | Buffer | null = null;
  private blockedSince: number | null = null;
  private closed = false;
  private readonly socket: Socket | null;
  /** False for an HTTP/1.0 client: the body is then the raw frames until the connection closes. */
  private readonly chunked: boolean;

  constructor(
    private readonly res: ServerResponse,
    private readonly lagCloseMs: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    res.flushHeaders();
    this.socket = res.socket;
    this.chunked = res.chunkedEncoding;
    if (this.socket === null) this.closed = true;
    else this.socket.on("drain", () => this.drained());
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
    if (this.blockedSince === null) this.send(PING);
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
    const bytes = this.chunked ? chunkOf(frame) : frame;
    if (!this.socket!.write(bytes)) this.blockedSince ??= this.clock();
  }

  private drained(): void {
    this.blockedSince = null;
    const next = this.waiting;
    this.waiting = null;
    if (next !== null && !this.closed) this.write(next);
  }
}
