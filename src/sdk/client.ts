import { readFileSync } from "node:fs";
import type { AliasTarget, Snapshot } from "../core/assignment/snapshot.js";
import { snapshotEtag } from "../core/assignment/snapshot.js";
import { BatchShipper, type PendingBatch } from "./batch-shipper.js";
import { ChangeWatchers } from "./change-watchers.js";
import { clientSettings, type ClientSettings } from "./client-settings.js";
import { CompiledSnapshot, resolveIn } from "./compiled-snapshot.js";
import { sdkError, type ArenaSdkError, type ErrorSource } from "./errors.js";
import { ExposureBuffer } from "./exposure-buffer.js";
import { ExposureShipper } from "./exposure-shipper.js";
import type { HttpContext } from "./http.js";
import { isoOrEpoch } from "./iso-clock.js";
import { SnapshotPoller } from "./snapshot-poller.js";
import { asSnapshot, snapshotEnvelopeProblem } from "./snapshot-shape.js";
import { runSnapshotStream } from "./snapshot-stream.js";
import { DropReporter } from "./drop-reporter.js";
import { Recorder, recorderFacade } from "./telemetry-recorder.js";
import type {
  ArenaClient,
  ChangeCallback,
  ClientOptions,
  ClientStatus,
  OnChangeOptions,
  Resolution,
  SnapshotCallback,
  TelemetryRecorder,
} from "./types.js";

/** client.record when telemetry is disabled: records nothing (by choice, so nothing counts as dropped). */
const NO_RECORDER: TelemetryRecorder = Object.freeze({ request() {}, event() {}, prediction() {}, label() {}, feature() {} });

/**
 * Creates an Arena client: serves from a bootstrap at once, keeps a live
 * snapshot fresh over a stream (polling while it is down), ships exposures.
 *
 * Example: const arena = createClient({ url, token }); await arena.ready();
 *          const { version, artifactUri } = arena.resolve("fraud-detector", userId);
 */
export function createClient(options: ClientOptions): ArenaClient {
  return new Client(options);
}

class Client implements ArenaClient {
  private compiled: CompiledSnapshot | null = null;
  private source: "bootstrap" | "live" | null = null;
  private lastUpdate: number | null = null;
  private streamOpen = false;
  private pollReached = false;
  private lastError: string | null = null;
  private closing: Promise<void> | null = null;
  private readonly buffer: ExposureBuffer | null = null;
  /** The buffer while exposures are recorded; null when disabled or closed. */
  private exposureRecorder: ExposureBuffer | null = null;
  private readonly shipper: ExposureShipper | null = null;
  readonly record: TelemetryRecorder = NO_RECORDER;
  private readonly recorder: Recorder | null = null;
  private readonly telemetryShipper: BatchShipper<PendingBatch> | null = null;
  private readonly telemetryDrops = new DropReporter("telemetry observations", (message) =>
    this.report("telemetry", "recording telemetry", new Error(message)),
  );
  private readonly settings: ClientSettings;
  private readonly watchers = new ChangeWatchers((error) => this.report("callback", "an onChange callback failed", error));
  private readonly snapshotWatchers = new Set<SnapshotCallback>();
  private readonly loadWaiters = new Set<(loaded: boolean) => void>();
  private readonly feedStop = new AbortController();
  private readonly shipperStop = new AbortController();
  private readonly poller: SnapshotPoller;

  constructor(private readonly options: ClientOptions) {
    this.settings = clientSettings(options);
    this.loadBootstrap();
    const feedHttp = this.http(this.feedStop.signal);
    this.poller = new SnapshotPoller(feedHttp, this.settings.pollIntervalMs, {
      currentEtag: () => (this.source === "live" && this.compiled !== null ? snapshotEtag(this.compiled.revision) : null),
      onSnapshot: (body) => this.apply(body, "live"),
      onResult: (reached) => {
        this.pollReached = reached;
      },
      onError: (error) => this.report("poll", "polling the snapshot failed", error),
    });
    const exposureSettings = this.settings.exposures;
    if (exposureSettings !== null) {
      this.buffer = new ExposureBuffer(exposureSettings.maxBuffer);
      this.exposureRecorder = this.buffer;
      this.shipper = new ExposureShipper(this.buffer, this.http(this.shipperStop.signal), exposureSettings, (error) =>
        this.report("exposures", "shipping exposures failed", error),
      );
      this.shipper.start();
    }
    const telemetrySettings = this.settings.telemetry;
    if (telemetrySettings !== null) {
      this.recorder = new Recorder(telemetrySettings, this.settings.now, (reason, n, detail) => this.telemetryDrops.add(reason, n, detail));
      this.record = recorderFacade(this.recorder);
      this.telemetryShipper = new BatchShipper(
        "/v1/telemetry",
        "telemetry events",
        this.recorder,
        this.http(this.shipperStop.signal),
        telemetrySettings,
        (error) => this.report("telemetry", "shipping telemetry failed", error),
      );
      this.telemetryShipper.start();
    }
    // Poll once at start even with a stream: the first snapshot arrives by whichever answers first.
    this.poller.start();
    if (this.settings.stream !== null) this.startStream(feedHttp, this.settings.stream);
  }

  resolve(program: string, unitId: string): Resolution {
    const answer = resolveIn(this.compiled, program, unitId);
    const buffer = this.exposureRecorder;
    // An empty or non-string unit id identifies nobody: served, not recorded.
    if (buffer !== null && answer.version !== null && typeof unitId === "string" && unitId.length !== 0) {
      try {
        buffer.record(program, unitId, answer.alias, answer.version, this.settings.now());
      } catch {
        // Only a throwing injected clock gets here; serving matters more than one exposure.
      }
    }
    return answer;
  }

  peek(program: string, unitId: string): Resolution {
    return resolveIn(this.compiled, program, unitId);
  }

  onSnapshot(callback: SnapshotCallback): () => void {
    this.snapshotWatchers.add(callback);
    return () => {
      this.snapshotWatchers.delete(callback);
    };
  }

  target(program: string, alias: string): AliasTarget | undefined {
    return this.compiled?.target(program, alias);
  }

  onChange(program: string, alias: string, callback: ChangeCallback, options?: OnChangeOptions): () => void {
    return this.watchers.add(program, alias, callback, this.target(program, alias), options?.immediate === true);
  }

  ready(timeoutMs = 5_000): Promise<boolean> {
    if (this.compiled !== null) return Promise.resolve(true);
    if (this.closing !== null) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (loaded: boolean): void => {
        clearTimeout(timer);
        this.loadWaiters.delete(settle);
        resolve(loaded);
      };
      // Ref'd on purpose: someone awaits this, so the process must live until it settles.
      const timer = setTimeout(() => settle(false), timeoutMs);
      this.loadWaiters.add(settle);
    });
  }

  status(): ClientStatus {
    const connected = this.closing === null && (this.streamOpen || this.pollReached);
    return {
      connected,
      mode: !connected ? "offline" : this.streamOpen ? "stream" : "poll",
      revision: this.compiled?.revision ?? null,
      lastUpdate: this.lastUpdate === null ? null : isoOrEpoch(this.lastUpdate),
      source: this.source,
      droppedExposures: this.buffer?.droppedTotal ?? 0,
      bufferedExposures: this.shipper?.backlog ?? 0,
      sentExposures: this.shipper?.sent ?? 0,
      droppedTelemetry: this.recorder?.droppedTotal ?? 0,
      bufferedTelemetry: this.telemetryShipper?.backlog ?? 0,
      sentTelemetry: this.telemetryShipper?.sent ?? 0,
      droppedUnitTotals: this.recorder?.droppedUnitTotals ?? 0,
      lastError: this.lastError,
    };
  }

  async flush(): Promise<void> {
    await Promise.all([
      this.shipper?.drain().catch((error: unknown) => this.report("exposures", "flush failed", error)),
      this.telemetryShipper?.drain().catch((error: unknown) => this.report("telemetry", "flush failed", error)),
    ]);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.feedStop.abort();
    this.poller.stop();
    this.streamOpen = false;
    this.watchers.clear();
    this.snapshotWatchers.clear();
    for (const settle of [...this.loadWaiters]) settle(false);
    this.exposureRecorder = null;
    this.recorder?.close();
    const shipper = this.shipper;
    const telemetry = this.telemetryShipper;
    shipper?.stop();
    telemetry?.stop();
    await Promise.all([shipper?.drain(true).catch(() => undefined), telemetry?.drain(true).catch(() => undefined)]);
    this.shipperStop.abort();
    const lost = shipper?.abandon() ?? 0;
    if (lost > 0) this.report("exposures", "closing", new Error(`${lost} exposures could not be shipped`));
    // Counted as dropped ("closed") and reported by the drop reporter, flushed now.
    telemetry?.abandon();
    this.telemetryDrops.flush();
  }

  private http(closed: AbortSignal): HttpContext {
    const { fetch, baseUrl, token, requestTimeoutMs } = this.settings;
    return { fetch, baseUrl, token, requestTimeoutMs, closed };
  }

  private startStream(http: HttpContext, stream: NonNullable<ClientSettings["stream"]>): void {
    void runSnapshotStream(http, stream, {
      onOpen: () => {
        this.streamOpen = true;
        this.poller.stop();
      },
      onDown: () => {
        this.streamOpen = false;
        this.pollReached = false;
        this.poller.start();
      },
      onSnapshot: (data) => {
        let body: unknown;
        try {
          body = JSON.parse(data);
        } catch (error) {
          this.report("snapshot", "a streamed snapshot is not JSON", error);
          return;
        }
        this.apply(body, "live");
      },
      onError: (error) => this.report("stream", "the snapshot stream failed", error),
    });
  }

  private loadBootstrap(): void {
    let raw: unknown = this.options.bootstrap;
    if (raw === undefined && this.options.bootstrapFile !== undefined) {
      try {
        raw = JSON.parse(readFileSync(this.options.bootstrapFile, "utf8"));
      } catch (error) {
        this.report("bootstrap", `cannot read ${this.options.bootstrapFile}`, error);
        return;
      }
    }
    if (raw !== undefined) this.apply(raw, "bootstrap");
  }

  /** Installs a snapshot unless it is malformed or older than the live one being served. */
  private apply(raw: unknown, source: "bootstrap" | "live"): void {
    const snapshot = asSnapshot(raw);
    if (snapshot === null) {
      this.report(
        source === "bootstrap" ? "bootstrap" : "snapshot",
        "ignored a snapshot",
        new Error(snapshotEnvelopeProblem(raw) ?? "malformed"),
      );
      return;
    }
    const current = this.compiled;
    // Never go backwards; a bootstrap, though, gives way to the first live snapshot whatever its revision.
    if (current !== null && this.source === "live" && snapshot.revision <= current.revision) return;
    let compiled: CompiledSnapshot;
    try {
      compiled = new CompiledSnapshot(snapshot);
    } catch (error) {
      this.report("snapshot", "cannot compile a snapshot", error);
      return;
    }
    this.compiled = compiled;
    this.source = source;
    this.lastUpdate = this.clockNow();
    for (const settle of [...this.loadWaiters]) settle(true);
    this.watchers.notify((program, alias) => compiled.target(program, alias));
    this.notifySnapshot(compiled.snapshot, current?.snapshot);
  }

  private notifySnapshot(next: Snapshot, previous: Snapshot | undefined): void {
    for (const callback of [...this.snapshotWatchers]) {
      try {
        const result = callback(next, previous);
        if (result !== undefined)
          Promise.resolve(result).catch((error: unknown) => this.report("callback", "an onSnapshot callback failed", error));
      } catch (error) {
        this.report("callback", "an onSnapshot callback failed", error);
      }
    }
  }

  /** The injected clock, or the system's if it throws. */
  private clockNow(): number {
    try {
      return this.settings.now();
    } catch {
      return Date.now();
    }
  }

  private report(source: ErrorSource, context: string, cause: unknown): void {
    const error: ArenaSdkError = sdkError(source, context, cause);
    this.lastError = error.message;
    try {
      this.options.onError?.(error);
    } catch {
      // An onError handler that throws must not stop the SDK.
    }
  }
}
