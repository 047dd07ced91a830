import pg from "pg";
import { LocalChangeFeed } from "./change-feed.js";
import { servingChannel } from "./postgres-channel.js";
import { connectionConfig, type PostgresStoreOptions } from "./postgres-database.js";

export interface PostgresChangeFeedOptions extends PostgresStoreOptions {
  /** Told when the listener connection is lost (once per outage; it is re-opened on its own). */
  onError?: (error: Error) => void;
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;
// A half-open TCP connection emits no error; a cheap query notices it.
const HEARTBEAT_MS = 15_000;

/**
 * Cross-replica change feed over LISTEN/NOTIFY. The NOTIFY itself is queued by the
 * PostgreSQL serving repository inside the unit of work that bumps the revision, so it
 * is delivered exactly when that work commits; `publish` only wakes this replica's own
 * listeners without waiting for the round trip. One dedicated connection LISTENs
 * (pooled connections cannot: they change hands); when it drops, it is re-opened with
 * backoff and listeners are woken once, since notifications sent meanwhile are lost.
 */
export class PostgresChangeFeed extends LocalChangeFeed {
  readonly channel: string;
  private client: pg.Client | null = null;
  private closed = false;
  private attempts = 0;
  private everListened = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly listening: Promise<void>;
  private markListening!: () => void;

  private constructor(private readonly options: PostgresChangeFeedOptions) {
    super();
    this.channel = servingChannel(options.schema ?? "public");
    this.listening = new Promise((resolve) => (this.markListening = resolve));
  }

  /** Starts listening in the background; `ready()` resolves once the first LISTEN is in place. */
  static start(options: PostgresChangeFeedOptions): PostgresChangeFeed {
    const feed = new PostgresChangeFeed(options);
    void feed.connect();
    return feed;
  }

  ready(): Promise<void> {
    return this.listening;
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    await super.close();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(connectionConfig(this.options));
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      this.lost(client, error ?? new Error("change feed connection ended"));
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (message) => {
      if (message.channel === this.channel) this.notify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempts = 0;
    this.heartbeat = setInterval(() => void client.query("SELECT 1").catch((error: Error) => onLost(error)), HEARTBEAT_MS);
    this.heartbeat.unref();
    if (this.everListened) this.notify();
    this.everListened = true;
    this.markListening();
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client === client) this.client = null;
    clearInterval(this.heartbeat);
    void client.end().catch(() => undefined);
    if (this.closed) return;
    // Told once per outage, not on every failed attempt to reconnect.
    if (this.attempts === 0) this.options.onError?.(error);
    const delay = Math.min(RECONNECT_MIN_MS * 2 ** this.attempts, RECONNECT_MAX_MS);
    this.attempts++;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
