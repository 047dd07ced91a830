import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { connectionConfig, type PostgresStoreOptions } from "../persist/postgres-database.js";
import { unitOfWorkSql } from "../store/sql-store.js";
import type { Repos } from "../store/store.js";
import { FencedError, type LeaderElector } from "./elector.js";

export interface PostgresLeaseOptions extends Pick<PostgresStoreOptions, "connectionString" | "schema"> {
  /** Lease row; one per singleton task. Default "controller". */
  name?: string;
  /** This process's id; default host:pid:random. */
  replica?: string;
  /** How long an acquisition or renewal holds the lease without another renewal. Default 5 s. */
  leaseMs?: number;
  /** How often the holder renews and the others try to take over. Default 1 s. */
  renewEveryMs?: number;
  /**
   * How long before the lease's end this process stops believing it leads. Its clock may run a
   * little differently from the database's; the fence is what guarantees safety, this only keeps
   * a lapsed leader from wasting work. Default 1 s.
   */
  marginMs?: number;
  /** Monotonic milliseconds (tests). */
  clock?: () => number;
  /** Told when this process gains or loses leadership, with the reason (for the log). */
  onChange?: (leading: boolean, token: number | null, why: string) => void;
}

// Expiry is computed by the database's clock (clock_timestamp(), not now(): that is the transaction's start).
const ACQUIRE = `INSERT INTO leader_lease AS l (name, holder, token, acquired_at, expires_at)
  VALUES ($1, $2, 1, clock_timestamp(), clock_timestamp() + $3::int * interval '1 millisecond')
  ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = l.token + 1, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
  WHERE l.expires_at < clock_timestamp()
  RETURNING token`;
const RENEW = `UPDATE leader_lease SET expires_at = clock_timestamp() + $4::int * interval '1 millisecond'
  WHERE name = $1 AND holder = $2 AND token = $3 RETURNING token`;
const RELEASE = "UPDATE leader_lease SET holder = NULL, expires_at = '-infinity' WHERE name = $1 AND holder = $2 AND token = $3";
// FOR SHARE: a replica taking the lease over (an UPDATE of this row) waits until this unit of work
// has committed or rolled back, so no write fenced with the old token can land after the new leader starts.
const FENCE = "SELECT token, holder FROM leader_lease WHERE name = $1 FOR SHARE";

/**
 * Leader election through a lease row in PostgreSQL. Each statement is its own short
 * transaction on a dedicated connection, so a busy pool cannot delay a renewal. Taking the
 * lease over increments its token (the fencing token); every controller unit of work checks
 * that token with `fence`, under a row lock, so a leader that lost the lease — paused, cut off,
 * or simply slow — cannot commit a transition after another replica took over.
 */
export class PostgresLeaseElector implements LeaderElector {
  readonly kind = "lease" as const;
  readonly replica: string;
  private readonly name: string;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly marginMs: number;
  private readonly clock: () => number;
  private readonly pool: pg.Pool;
  private token: number | null = null;
  private validUntil = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: PostgresLeaseOptions) {
    this.name = options.name ?? "controller";
    this.replica = options.replica ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.leaseMs = options.leaseMs ?? 5_000;
    this.renewEveryMs = options.renewEveryMs ?? 1_000;
    this.marginMs = options.marginMs ?? Math.min(1_000, this.leaseMs / 4);
    this.clock = options.clock ?? (() => performance.now());
    const timeout = Math.max(500, Math.floor(this.leaseMs / 2));
    this.pool = new pg.Pool({ ...connectionConfig(options), max: 1, connectionTimeoutMillis: timeout, query_timeout: timeout });
    // A dropped connection must not crash the process: the next renewal fails, and leadership lapses.
    this.pool.on("error", () => undefined);
  }

  isLeader(): boolean {
    return this.token !== null && this.clock() < this.validUntil;
  }

  fencingToken(): number | null {
    return this.token;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.renewEveryMs);
    this.timer.unref();
  }

  /** One round: renew the lease if held, else try to take it. Never throws; failures only let leadership lapse. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const sentAt = this.clock();
    const held = this.token;
    try {
      const rows =
        held === null
          ? (await this.pool.query<{ token: number }>(ACQUIRE, [this.name, this.replica, this.leaseMs])).rows
          : (await this.pool.query<{ token: number }>(RENEW, [this.name, this.replica, held, this.leaseMs])).rows;
      const won = rows[0];
      if (!won) {
        if (held !== null) this.lose(`another replica took the lease over (token ${held} is stale)`);
        return;
      }
      const wasLeading = this.isLeader();
      this.token = won.token;
      // Counted from when the statement was sent: the database's expiry is at least that late.
      this.validUntil = sentAt + this.leaseMs - this.marginMs;
      if (!wasLeading) this.options.onChange?.(true, this.token, held === null ? "acquired the lease" : "renewed the lease after a lapse");
    } catch (error) {
      // Unreachable database: keep the token (a later renewal may still succeed if nobody took over),
      // but isLeader() turns false when validUntil passes, so the controller stops deciding.
      if (held !== null && this.clock() >= this.validUntil && this.validUntil !== -Infinity) {
        this.validUntil = -Infinity;
        this.options.onChange?.(false, held, `cannot renew the lease: ${(error as Error).message}`);
      }
    }
  }

  private lose(why: string): void {
    const token = this.token;
    this.token = null;
    this.validUntil = -Infinity;
    this.options.onChange?.(false, token, why);
  }

  async fence(repos: Repos): Promise<void> {
    const held = this.token;
    if (held === null) throw new FencedError(`replica ${this.replica} does not hold the ${this.name} lease; nothing was written`);
    const sql = unitOfWorkSql(repos);
    if (sql?.dialect !== "postgres") throw new Error("the PostgreSQL lease can only fence a unit of work of a PostgresStore");
    const row = await sql.one<{ token: number; holder: string | null }>(FENCE, [this.name]);
    if (!row || row.token !== held || row.holder !== this.replica) {
      throw new FencedError(
        `replica ${this.replica} lost the ${this.name} lease (held token ${held}, current ${row ? row.token : "none"}); nothing was written`,
      );
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    const held = this.token;
    if (held !== null) {
      this.token = null;
      this.validUntil = -Infinity;
      await this.pool.query(RELEASE, [this.name, this.replica, held]).catch(() => undefined);
    }
    await this.pool.end().catch(() => undefined);
  }
}
