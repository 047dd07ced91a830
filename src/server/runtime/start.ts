import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildApp, type Arena } from "../app.js";
import { limitsFromEnv } from "../http/limits.js";
import { SingleProcessLeader, type LeaderElector } from "../leader/elector.js";
import { leaseTimingsFromEnv } from "../leader/lease-timings.js";
import { PostgresLeaseElector } from "../leader/postgres-lease.js";
import { PrometheusGaugeReader } from "../prometheus/gauge-reader.js";
import { SqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";
import { loadKeyring } from "../audit/signing-key.js";
import { FileWitness, WITNESS_FILE } from "../audit/witness.js";
import { openDatabase } from "./open-database.js";

export interface ServerOptions {
  host: string;
  port: number;
  /** Folder for the embedded SQLite database. */
  dataDir: string;
  /** postgres://… : serve from the shared PostgreSQL database instead of SQLite (several replicas). */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema for Arena's tables (default "public"). */
  databaseSchema?: string | undefined;
  /** PostgreSQL connections per replica (default 10). */
  databasePoolSize?: number | undefined;
  /** Prometheus base URL for gauge metrics (source.type "prometheus"); none: they read no_data. */
  prometheusUrl?: string | undefined;
  log: boolean;
  /** Where to say things a person must read (the bootstrap token). */
  announce?: (line: string) => void;
  /** Mint a new admin principal and token before serving (lockout recovery; needs the data folder or database URL). */
  recoverAdmin?: boolean;
}

export interface RunningServer extends Arena {
  url: string;
  close(): Promise<void>;
}

export function openStore(dataDir: string): Store {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return new SqliteStore(join(dir, "arena.db"));
}

/** A start that could not listen, said plainly (the CLI prints the message, not a stack trace). */
export class ListenError extends Error {}

function listenError(error: unknown, options: ServerOptions): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE")
    return new ListenError(
      `port ${options.port} on ${options.host} is already in use (another Arena, or another program); choose another with --port or ARENA_PORT`,
    );
  if (code === "EACCES")
    return new ListenError(
      `not allowed to listen on ${options.host}:${options.port}; use a port above 1023 or run with the needed privilege`,
    );
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
    return new ListenError(`cannot listen on ${options.host}: no such local address (--host)`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Opens the store, prints the bootstrap admin token on first start, and listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const announce = options.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Before the database opens: a malformed URL stops the start with its message and nothing to close.
  const gauges = options.prometheusUrl ? new PrometheusGaugeReader({ url: options.prometheusUrl }) : null;
  const limits = limitsFromEnv(process.env);
  const lease = leaseTimingsFromEnv(process.env);
  const { store, changeFeed, description } = await openDatabase(options);
  // A replica that just took the lease over looks at the rollouts at once, not at its next tick.
  let lookNow: () => void = () => undefined;
  // On PostgreSQL every replica competes for the controller's lease; SQLite has one process, which leads.
  const leader: LeaderElector = options.databaseUrl
    ? new PostgresLeaseElector({
        connectionString: options.databaseUrl,
        schema: options.databaseSchema ?? "public",
        ...lease,
        onChange: (leading, token, why) => {
          if (leading) lookNow();
          process.stderr.write(
            `${leading ? `this replica now runs the rollout controller (lease token ${token})` : `this replica stopped running the rollout controller (lease token ${token})`}: ${why}\n`,
          );
        },
      })
    : new SingleProcessLeader();
  await leader.start();
  // The crash-safety test (e2e/crash-safety.test.ts) runs rollouts with one-second steps and needs a faster look.
  const tickMs = Number(process.env.ARENA_CONTROLLER_TICK_MS);
  const controller = Number.isInteger(tickMs) && tickMs > 0 ? { controller: { everyMs: tickMs } } : {};
  // The signing key and the witness live outside the database (ADR 011, docs/security.md).
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const audit = { keyring: loadKeyring(dataDir), witness: new FileWitness(process.env.ARENA_AUDIT_WITNESS ?? join(dataDir, WITNESS_FILE)) };
  const arena = await buildApp({
    store,
    changeFeed,
    gauges,
    leader,
    audit,
    logger: options.log ? { level: "info" } : false,
    limits,
    ...controller,
  });
  lookNow = () => void arena.controller.tick().catch(() => undefined);
  try {
    await arena.app.listen({ host: options.host, port: options.port, backlog: arena.limits.listenBacklog });
  } catch (error) {
    await arena.app.close();
    await leader.stop();
    await changeFeed?.close();
    await store.close();
    throw listenError(error, options);
  }
  // In the background: a tampered trail shows on /metrics (arena_audit_valid 0) and in the log from the start.
  void arena.verifyAudit();
  // Only once the port is ours: a start that fails (port in use) must not use up the one-time token.
  const bootstrap = await arena.services.tokens.bootstrapAdmin();
  if (options.recoverAdmin) {
    const recovered = await arena.services.tokens.recoverAdmin();
    announce("");
    announce(
      `  --recover-admin: created admin principal "${recovered.principal.name}" (audited as principal.recover). Its token, shown once:`,
    );
    announce("");
    announce(`    export ARENA_TOKEN=${recovered.token}`);
    announce("");
  }
  if (bootstrap) {
    announce("");
    announce("  First start: created an admin API token. It is shown this once; store it now:");
    announce("");
    announce(`    export ARENA_TOKEN=${bootstrap}`);
    announce("");
  }

  const address = arena.app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${port}`;
  announce(`Arena listening on ${url} (store: ${description})`);
  return {
    ...arena,
    url,
    async close() {
      await arena.app.close();
      // After the controller stopped (app close): hands the lease over so another replica leads at once.
      await leader.stop();
      await changeFeed?.close();
      await store.close();
    },
  };
}
