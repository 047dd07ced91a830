import { AppError, OverloadedError } from "../errors.js";
import type { Authenticator } from "../http/route.js";
import type { SseChannel } from "./sse-channel.js";

export class TooManyStreamsError extends AppError {
  constructor(principal: string, max: number) {
    super(
      429,
      "too_many_streams",
      `"${principal}" already has ${max} open streams (the per-principal limit); close some or raise ARENA_MAX_STREAMS_PER_PRINCIPAL`,
    );
  }
}

interface Entry {
  principal: string;
  secret: string | null;
  channel: SseChannel;
}

export interface StreamLimits {
  maxStreams: number;
  maxStreamsPerPrincipal: number;
  /** How often every stream's token is looked up again (revocation) and laggards are closed. */
  streamTokenCheckMs: number;
}

/**
 * Every open SSE stream (SDK and dashboard): caps them per principal and in total, closes the
 * streams of a token within one check period of its revocation (on any replica: the check
 * reads the shared store), and disconnects clients that stay behind.
 */
export class StreamRegistry {
  private readonly entries = new Set<Entry>();
  private readonly byPrincipal = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly limits: StreamLimits,
    private readonly authenticate: Authenticator,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.limits.streamTokenCheckMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Throws 429/503 when the principal or the server has no stream left; call before the response starts. */
  reserve(principal: string): void {
    if (this.entries.size >= this.limits.maxStreams)
      throw new OverloadedError(`the server has ${this.limits.maxStreams} open streams (its limit); retry after the delay`, 5);
    if ((this.byPrincipal.get(principal) ?? 0) >= this.limits.maxStreamsPerPrincipal)
      throw new TooManyStreamsError(principal, this.limits.maxStreamsPerPrincipal);
  }

  /** Registers an open stream; the returned function forgets it (call it when the connection closes). */
  add(principal: string, secret: string | null, channel: SseChannel): () => void {
    const entry: Entry = { principal, secret, channel };
    this.entries.add(entry);
    this.byPrincipal.set(principal, (this.byPrincipal.get(principal) ?? 0) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.entries.delete(entry);
      const left = (this.byPrincipal.get(principal) ?? 1) - 1;
      if (left > 0) this.byPrincipal.set(principal, left);
      else this.byPrincipal.delete(principal);
    };
  }

  get size(): number {
    return this.entries.size;
  }

  /** One pass: close laggards, then look each distinct token up once and close the streams of the revoked ones. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const bySecret = new Map<string, Entry[]>();
      for (const entry of this.entries) {
        if (entry.channel.checkLag()) continue;
        if (entry.secret === null) continue;
        const list = bySecret.get(entry.secret);
        if (list) list.push(entry);
        else bySecret.set(entry.secret, [entry]);
      }
      for (const [secret, list] of bySecret) {
        // A store that cannot answer now is not a revocation: the next pass looks again.
        const actor = await this.authenticate(secret).catch(() => undefined);
        if (actor === null) for (const entry of list) entry.channel.close();
      }
    } finally {
      this.sweeping = false;
    }
  }
}
