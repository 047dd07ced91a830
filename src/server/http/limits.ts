/**
 * Every limit that keeps a hostile or careless client from stalling the server, with its
 * default, in one place. docs/operations.md lists them; each can be changed by a buildApp
 * option (`limits`) or, for `arena server`, by the environment variable named beside it.
 */
export interface ServerLimits {
  /** Whole request (headers + body) must arrive within this; slow bodies are cut off (408). ARENA_REQUEST_TIMEOUT_MS */
  requestTimeoutMs: number;
  /** Request headers must arrive within this. ARENA_HEADERS_TIMEOUT_MS */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. ARENA_KEEP_ALIVE_TIMEOUT_MS */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (streams send a ping every 15 s). ARENA_CONNECTION_TIMEOUT_MS */
  connectionTimeoutMs: number;
  /**
   * Connections the kernel holds for the server before it accepts them (listen(2) backlog, capped by
   * net.core.somaxconn). A fleet reconnecting at once overflows Node's 511 while the event loop is busy:
   * the overflowed clients' handshakes are dropped and, on a loaded host, some never get in. ARENA_LISTEN_BACKLOG
   */
  listenBacklog: number;
  /** Ingest requests (telemetry and exposure batches) processed at once; more get 503 + Retry-After. ARENA_MAX_INGEST_IN_FLIGHT */
  maxIngestInFlight: number;
  /** Of those, how many one principal may hold (fair share). ARENA_MAX_INGEST_PER_PRINCIPAL */
  maxIngestPerPrincipal: number;
  /** Telemetry and exposure reads (report, series, counts) computed at once; more get 503 + Retry-After. ARENA_MAX_HEAVY_READS */
  maxHeavyReads: number;
  /** Of those, how many one principal may run. ARENA_MAX_HEAVY_READS_PER_PRINCIPAL */
  maxHeavyReadsPerPrincipal: number;
  /** Failed authentications per source address and window before 429 + Retry-After. ARENA_AUTH_FAILURES_PER_WINDOW */
  authFailuresPerWindow: number;
  /** The failed-authentication window. ARENA_AUTH_FAILURE_WINDOW_MS */
  authFailureWindowMs: number;
  /** Open SSE streams (SDK and dashboard) per principal; more get 429. ARENA_MAX_STREAMS_PER_PRINCIPAL */
  maxStreamsPerPrincipal: number;
  /** Open SSE streams in total; more get 503. ARENA_MAX_STREAMS */
  maxStreams: number;
  /** A stream that has not drained what it was sent for this long is closed (the SDK reconnects). ARENA_STREAM_LAG_CLOSE_MS */
  streamLagCloseMs: number;
  /** How often open streams re-check their token (revocation ends them within this plus one lookup). ARENA_STREAM_TOKEN_CHECK_MS */
  streamTokenCheckMs: number;
  /** Event times later than now plus this are refused. ARENA_EVENT_FUTURE_SKEW_MS */
  eventFutureSkewMs: number;
  /** Longest ?window= on telemetry and exposure reads (the retention of day buckets). ARENA_MAX_READ_WINDOW_MS */
  maxReadWindowMs: number;
  /** Largest cost (stored buckets × versions) one telemetry/series read may touch; more is 400 with guidance. ARENA_MAX_SERIES_POINTS */
  maxSeriesPoints: number;
  /** Webhook targets on private, loopback or link-local addresses allowed anyway (host names or IPs). ARENA_WEBHOOK_ALLOW_HOSTS (comma-separated) */
  webhookAllowHosts: string[];
}

const MINUTE = 60_000;

export const DEFAULT_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  connectionTimeoutMs: 2 * MINUTE,
  listenBacklog: 8_192,
  maxIngestInFlight: 8,
  maxIngestPerPrincipal: 6,
  maxHeavyReads: 4,
  maxHeavyReadsPerPrincipal: 2,
  authFailuresPerWindow: 20,
  authFailureWindowMs: MINUTE,
  maxStreamsPerPrincipal: 1_000,
  maxStreams: 20_000,
  streamLagCloseMs: 30_000,
  streamTokenCheckMs: 500,
  eventFutureSkewMs: 5 * MINUTE,
  maxReadWindowMs: 400 * 24 * 60 * MINUTE,
  maxSeriesPoints: 200_000,
  webhookAllowHosts: [],
};

const ENV: Record<keyof ServerLimits, string> = {
  requestTimeoutMs: "ARENA_REQUEST_TIMEOUT_MS",
  headersTimeoutMs: "ARENA_HEADERS_TIMEOUT_MS",
  keepAliveTimeoutMs: "ARENA_KEEP_ALIVE_TIMEOUT_MS",
  connectionTimeoutMs: "ARENA_CONNECTION_TIMEOUT_MS",
  listenBacklog: "ARENA_LISTEN_BACKLOG",
  maxIngestInFlight: "ARENA_MAX_INGEST_IN_FLIGHT",
  maxIngestPerPrincipal: "ARENA_MAX_INGEST_PER_PRINCIPAL",
  maxHeavyReads: "ARENA_MAX_HEAVY_READS",
  maxHeavyReadsPerPrincipal: "ARENA_MAX_HEAVY_READS_PER_PRINCIPAL",
  authFailuresPerWindow: "ARENA_AUTH_FAILURES_PER_WINDOW",
  authFailureWindowMs: "ARENA_AUTH_FAILURE_WINDOW_MS",
  maxStreamsPerPrincipal: "ARENA_MAX_STREAMS_PER_PRINCIPAL",
  maxStreams: "ARENA_MAX_STREAMS",
  streamLagCloseMs: "ARENA_STREAM_LAG_CLOSE_MS",
  streamTokenCheckMs: "ARENA_STREAM_TOKEN_CHECK_MS",
  eventFutureSkewMs: "ARENA_EVENT_FUTURE_SKEW_MS",
  maxReadWindowMs: "ARENA_MAX_READ_WINDOW_MS",
  maxSeriesPoints: "ARENA_MAX_SERIES_POINTS",
  webhookAllowHosts: "ARENA_WEBHOOK_ALLOW_HOSTS",
};

/** The limits named in the environment (ARENA_…), over the defaults; a malformed value stops the start with its name. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): ServerLimits {
  const out: ServerLimits = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(ENV) as [keyof ServerLimits, string][]) {
    const text = env[name];
    if (text === undefined || text === "") continue;
    if (key === "webhookAllowHosts") {
      out.webhookAllowHosts = text
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      continue;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${text}"`);
    out[key] = value;
  }
  return out;
}

export function resolveLimits(partial: Partial<ServerLimits> | undefined): ServerLimits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}
