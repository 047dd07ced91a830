import type { ShipperSettings } from "./exposure-shipper.js";
import type { StreamSettings } from "./snapshot-stream.js";
import type { TelemetrySettings } from "./telemetry-recorder.js";
import type { ClientOptions } from "./types.js";

/** Every option with its default applied and its range checked. */
export interface ClientSettings {
  baseUrl: string;
  token: string;
  fetch: typeof globalThis.fetch;
  stream: StreamSettings | null;
  pollIntervalMs: number;
  requestTimeoutMs: number;
  exposures: (ShipperSettings & { maxBuffer: number }) | null;
  telemetry: TelemetrySettings | null;
  now: () => number;
}

const count = (value: number | undefined, fallback: number): number => Math.max(1, Math.floor(positive(value, fallback)));

function telemetrySettings(options: ClientOptions): TelemetrySettings | null {
  if (options.telemetry === false) return null;
  const t = options.telemetry ?? {};
  const track = t.trackUnits;
  const programs = Array.isArray(track) ? new Set<string>(track) : null;
  return {
    flushIntervalMs: positive(t.flushIntervalMs, 10_000),
    maxWindows: count(t.maxWindows, 1_000),
    maxEvents: count(t.maxEvents, 10_000),
    trackUnits: programs !== null ? (program) => programs.has(program) : track === true ? () => true : () => false,
    maxUnitsPerWindow: count(t.maxUnitsPerWindow, 10_000),
    maxUnits: count(t.maxUnits, 100_000),
    batchSize: count(t.batchSize, 500),
    maxBatchBytes: 8 * 1024 * 1024,
    retryBaseMs: positive(t.retryBaseMs, 1_000),
    retryMaxMs: positive(t.retryMaxMs, 60_000),
  };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function clientSettings(options: ClientOptions): ClientSettings {
  if (typeof options.url !== "string" || options.url === "") throw new TypeError("createClient: url is required");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new TypeError("createClient: no fetch available; pass options.fetch");
  const exposures = options.exposures === false ? null : (options.exposures ?? {});
  return {
    baseUrl: options.url.replace(/\/+$/, ""),
    token: options.token,
    fetch: fetchImpl,
    stream:
      options.stream === false
        ? null
        : {
            idleTimeoutMs: positive(options.streamIdleTimeoutMs, 45_000),
            reconnectBaseMs: positive(options.reconnect?.baseMs, 500),
            reconnectMaxMs: positive(options.reconnect?.maxMs, 30_000),
          },
    pollIntervalMs: positive(options.pollIntervalMs, 5_000),
    requestTimeoutMs: positive(options.requestTimeoutMs, 10_000),
    exposures:
      exposures === null
        ? null
        : {
            flushIntervalMs: positive(exposures.flushIntervalMs, 2_000),
            maxBuffer: Math.max(1, Math.floor(positive(exposures.maxBuffer, 10_000))),
            batchSize: Math.max(1, Math.floor(positive(exposures.batchSize, 500))),
            retryBaseMs: positive(exposures.retryBaseMs, 1_000),
            retryMaxMs: positive(exposures.retryMaxMs, 60_000),
          },
    telemetry: telemetrySettings(options),
    now: options.now ?? Date.now,
  };
}
