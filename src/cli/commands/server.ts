import type { Command } from "commander";
import type { RunningServer } from "../../server/runtime/start.js";
import { CliError, EXIT } from "../errors.js";

export interface ServeFlags {
  host: string;
  port: string;
  dataDir: string;
  databaseUrl?: string;
  databaseSchema: string;
  databasePoolSize: string;
  prometheusUrl?: string;
  log?: boolean;
  recoverAdmin?: boolean;
}

export function serverOptions(command: Command): Command {
  return command
    .option("--host <host>", "interface to listen on", process.env.ARENA_HOST ?? "127.0.0.1")
    .option("--port <port>", "port", process.env.ARENA_PORT ?? "7700")
    .option("--data-dir <dir>", "folder for the SQLite database", process.env.ARENA_DATA_DIR ?? ".arena")
    .option(
      "--database-url <url>",
      "PostgreSQL URL shared by replicas, instead of SQLite (env ARENA_DATABASE_URL; prefer the env var, flags show in ps)",
      process.env.ARENA_DATABASE_URL,
    )
    .option("--database-schema <name>", "PostgreSQL schema for Arena's tables", process.env.ARENA_DATABASE_SCHEMA ?? "public")
    .option("--database-pool-size <n>", "PostgreSQL connections per replica", process.env.ARENA_DATABASE_POOL_SIZE ?? "10")
    .option(
      "--prometheus-url <url>",
      "Prometheus server that gauge metrics query, e.g. http://127.0.0.1:9090 (env ARENA_PROMETHEUS_URL)",
      process.env.ARENA_PROMETHEUS_URL,
    )
    .option("--log", "log every request (JSON lines)")
    .option("--recover-admin", "lockout recovery: mint a new admin principal and print its token once (audited), then serve");
}

/** Stops cleanly on Ctrl-C / SIGTERM: streams end, the database closes. */
export function stopOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    void close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

export async function serve(flags: ServeFlags): Promise<RunningServer> {
  if (flags.prometheusUrl && !/^https?:\/\/[^/]/.test(flags.prometheusUrl)) {
    throw new CliError(
      `--prometheus-url (ARENA_PROMETHEUS_URL) "${flags.prometheusUrl}" must be an http(s) URL such as http://prometheus:9090`,
      EXIT.usage,
    );
  }
  const { startServer, ListenError } = await import("../../server/runtime/start.js");
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port (ARENA_PORT) "${flags.port}" must be a port number 0–65535`, EXIT.usage);
  try {
    return await startServer({
      host: flags.host,
      port,
      dataDir: flags.dataDir,
      databaseUrl: flags.databaseUrl || undefined,
      databaseSchema: flags.databaseSchema,
      databasePoolSize: Number(flags.databasePoolSize),
      prometheusUrl: flags.prometheusUrl || undefined,
      log: Boolean(flags.log),
      recoverAdmin: Boolean(flags.recoverAdmin),
    });
  } catch (error) {
    if (error instanceof ListenError) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}

export function registerServer(cli: Command): void {
  serverOptions(
    cli.command("server").description("run the Arena server on embedded SQLite, or on PostgreSQL with --database-url (several replicas)"),
  ).action(async (flags: ServeFlags) => {
    const running = await serve(flags);
    stopOnSignal(() => running.close());
  });
}
