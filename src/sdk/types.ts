import type { AliasTarget, Snapshot } from "../core/assignment/snapshot.js";
import type { ArenaSdkError } from "./errors.js";

export type { AliasTarget, ProgramSnapshot, Snapshot } from "../core/assignment/snapshot.js";

/** Why a unit got its answer. "error" always comes with an errorCode. */
export type ResolveReason = "override" | "split" | "default" | "error";

export type ResolveErrorCode =
  /** No snapshot has been loaded yet (no bootstrap, server not reached). */
  | "NO_SNAPSHOT"
  /** The snapshot has no program of that name. */
  | "PROGRAM_NOT_FOUND"
  /** The unit was assigned an alias the snapshot lacks; the champion serves it (version null if the champion is missing too). */
  | "ALIAS_MISSING"
  /** The program's traffic plan is invalid; the champion serves every unit. */
  | "INVALID_PLAN"
  /** The plan needs a newer hash version than this SDK knows; the champion serves every unit. */
  | "UNSUPPORTED_HASH_VERSION"
  /** The unit id is not a string. */
  | "INVALID_UNIT_ID"
  /** Anything unexpected; the champion serves the unit. */
  | "INTERNAL";

/** An alias invoked in the champion's shadow: call it, record its answer, never serve it. */
export interface ShadowCall extends AliasTarget {
  readonly alias: string;
}

/**
 * The answer of {@link ArenaClient.resolve}. Objects are shared and frozen: read
 * them, do not mutate them.
 */
export interface Resolution {
  readonly program: string;
  readonly alias: string;
  /** null only when no version at all is known (reason "error"). */
  readonly version: number | null;
  readonly artifactUri: string | null;
  readonly config: unknown;
  readonly shadow: readonly ShadowCall[];
  readonly reason: ResolveReason;
  readonly errorCode: ResolveErrorCode | undefined;
}

export interface ExposureOptions {
  /** How often buffered exposures are shipped, in ms. Default 2000. */
  flushIntervalMs?: number;
  /** Most exposures kept in memory; beyond it they are counted as dropped. Default 10000. */
  maxBuffer?: number;
  /** Most exposures per POST. Default 500. */
  batchSize?: number;
  /** First retry delay after a failed POST, doubled per attempt with jitter. Default 1000. */
  retryBaseMs?: number;
  /** Longest retry delay (a server's Retry-After may be longer). Default 60000. */
  retryMaxMs?: number;
}

export interface TelemetryOptions {
  /** How often pre-aggregated telemetry is shipped, in ms. Default 10000. */
  flushIntervalMs?: number;
  /** Most (program, version, segments, 10-second) windows held; observations needing another are dropped (counted). Default 1000. */
  maxWindows?: number;
  /** Most raw predictions and labels held; beyond it they are dropped (counted). Default 10000. */
  maxEvents?: number;
  /** Keep per-unit totals for unit-level metrics (revenue per user…): true, or the programs that need them. Default false. */
  trackUnits?: boolean | readonly string[];
  /** Most units per window; beyond it a unit's totals are dropped (counted; the window still counts the observation). Default 10000. */
  maxUnitsPerWindow?: number;
  /** Most unit totals held across all windows. Default 100000. */
  maxUnits?: number;
  /** Most events (aggregates, predictions, labels) per POST. Default 500. */
  batchSize?: number;
  /** First retry delay after a failed POST, doubled per attempt with jitter. Default 1000. */
  retryBaseMs?: number;
  /** Longest retry delay (a server's Retry-After may be longer). Default 60000. */
  retryMaxMs?: number;
}

/** A request served by `version`: its outcome, latency and cost. */
export interface RequestObservation {
  version: number;
  unitId?: string;
  success: boolean;
  latencyMs?: number;
  cost?: number;
  segments?: Readonly<Record<string, string>>;
}
/** A business event (purchase, click), with an optional value (e.g. revenue). */
export interface EventObservation {
  version: number;
  unitId?: string;
  name: string;
  value?: number;
  segments?: Readonly<Record<string, string>>;
}
/** A model's prediction; its label may come much later (see label). */
export interface PredictionObservation {
  version: number;
  predictionId: string;
  predicted: boolean;
  segments?: Readonly<Record<string, string>>;
}
/** The true label of an earlier (or later) prediction, joined by predictionId on the server. */
export interface LabelObservation {
  predictionId: string;
  actual: boolean;
}
/** One value of a model input, for drift. */
export interface FeatureObservation {
  version: number;
  feature: string;
  value: number;
  segments?: Readonly<Record<string, string>>;
}

/**
 * Records telemetry in process: requests, events and feature values are folded
 * into 10-second aggregates; predictions and labels are kept as events. Shipped
 * in the background. Never throws, never waits; a refused observation is counted
 * in status().droppedTelemetry and reported to onError.
 */
export interface TelemetryRecorder {
  request(program: string, observation: RequestObservation): void;
  event(program: string, observation: EventObservation): void;
  prediction(program: string, observation: PredictionObservation): void;
  label(program: string, observation: LabelObservation): void;
  feature(program: string, observation: FeatureObservation): void;
}

export interface ClientOptions {
  /** Base URL of the Arena server, e.g. "https://arena.internal:8080". */
  url: string;
  /** SDK token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Injectable fetch; default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** A snapshot to serve until the first successful fetch. */
  bootstrap?: Snapshot;
  /** Path of a JSON snapshot file read at start-up when `bootstrap` is not given. */
  bootstrapFile?: string;
  /** Keep a server-sent-events connection for instant updates. Default true. */
  stream?: boolean;
  /** Poll interval while the stream is down (or disabled), in ms. Default 5000. */
  pollIntervalMs?: number;
  /** Exposure recording and shipping; `false` disables it. */
  exposures?: ExposureOptions | false;
  /** Telemetry recording (client.record) and shipping; `false` disables it. */
  telemetry?: TelemetryOptions | false;
  /** Reconnection delays of the stream, doubled per attempt with jitter. Default { baseMs: 500, maxMs: 30000 }. */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Reconnect when the stream sends nothing (not even a ping) for this long, in ms. Default 45000. */
  streamIdleTimeoutMs?: number;
  /** Timeout of each snapshot or exposure request, in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** Called with every background failure (network, bad snapshot, callback). Default: none (see status().lastError). */
  onError?: (error: ArenaSdkError) => void;
  /** Injectable clock, in ms since the epoch. Default Date.now. */
  now?: () => number;
}

export type ClientMode = "stream" | "poll" | "offline";

export interface ClientStatus {
  /** The stream is open, or the last poll reached the server. */
  connected: boolean;
  mode: ClientMode;
  /** Revision of the snapshot being served, null before any. */
  revision: number | null;
  /** When the snapshot being served was loaded (ISO 8601), null before any. */
  lastUpdate: string | null;
  /** Where the snapshot being served came from. */
  source: "bootstrap" | "live" | null;
  /** Exposures lost since start (buffer full, or a batch the server refused). */
  droppedExposures: number;
  bufferedExposures: number;
  sentExposures: number;
  /** Telemetry observations lost since start (bounds reached, invalid input, a batch the server refused, closed). */
  droppedTelemetry: number;
  /** Observations aggregated or buffered, not yet acknowledged. */
  bufferedTelemetry: number;
  /** Observations the server acknowledged. */
  sentTelemetry: number;
  /** Per-unit totals not kept (unit bounds reached); their observations still count in the windows. */
  droppedUnitTotals: number;
  lastError: string | null;
}

export type ChangeCallback = (next: AliasTarget, previous: AliasTarget | undefined) => void | Promise<void>;

/** Called with every snapshot the client starts serving (any change), and the one it replaces. */
export type SnapshotCallback = (next: Snapshot, previous: Snapshot | undefined) => void | Promise<void>;

export interface OnChangeOptions {
  /** Also call back at once with the current target, if one is known (previous undefined). */
  immediate?: boolean;
}

export interface ArenaClient {
  /** Telemetry recording: client.record.request("checkout", { version, success: true, latencyMs: 12 }). */
  readonly record: TelemetryRecorder;
  /** Which version serves this unit. Local, never throws, never waits. Example: client.resolve("fraud-detector", userId). */
  resolve(program: string, unitId: string): Resolution;
  /** The version an alias points to now, if known. */
  target(program: string, alias: string): AliasTarget | undefined;
  /** Calls back whenever the alias's version changes; returns an unsubscribe function. */
  onChange(program: string, alias: string, callback: ChangeCallback, options?: OnChangeOptions): () => void;
  /**
   * The same answer as resolve, recording no exposure: for attributing an event to the version
   * that serves a unit (OpenFeature's track) without counting a second exposure.
   */
  peek(program: string, unitId: string): Resolution;
  /**
   * Calls back with every snapshot the client starts serving (each revision, whatever changed),
   * after the per-alias onChange callbacks; returns an unsubscribe function.
   */
  onSnapshot(callback: SnapshotCallback): () => void;
  /** Resolves true once a snapshot (bootstrap or live) is loaded, false if none within timeoutMs. */
  ready(timeoutMs?: number): Promise<boolean>;
  status(): ClientStatus;
  /** Ships buffered exposures and telemetry now (one attempt per batch). Never rejects. */
  flush(): Promise<void>;
  /** Flushes, then stops the stream, polling and timers. Idempotent. */
  close(): Promise<void>;
}
