/**
 * `arena proxy`: runs HAProxy with Arena's splitter and keeps it in step with Arena.
 *
 *   Arena SDK stream ──▶ compileTable ──PUT /arena/table──▶ HAProxy (Lua): routes, shadows, folds telemetry
 *   Arena /v1/telemetry, /v1/exposures ◀── BatchShipper ◀── POST /arena/drain (every second)
 *
 * The proxy never waits for Arena: routing runs on the last table it was given,
 * which is also kept on disk so a restart serves it before Arena answers.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHAMPION } from "../core/assignment/traffic-plan.js";
import type { ProgramSnapshot } from "../core/assignment/snapshot.js";
import { BatchShipper, type PendingBatch } from "../sdk/batch-shipper.js";
import { ExposureBuffer } from "../sdk/exposure-buffer.js";
import { ExposureShipper } from "../sdk/exposure-shipper.js";
import type { HttpContext } from "../sdk/http.js";
import { SnapshotPoller } from "../sdk/snapshot-poller.js";
import { asSnapshot, cleanTargets } from "../sdk/snapshot-shape.js";
import { runSnapshotStream } from "../sdk/snapshot-stream.js";
import { ProxyAdmin } from "./admin-client.js";
import { AggregateQueue } from "./aggregate-queue.js";
import { parseDrain } from "./drain-format.js";
import { checkConfig, freePort, startHaproxy, type HaproxyProcess } from "./haproxy-process.js";
import { writeProxyFiles, type ProxyConfig } from "./haproxy-config.js";
import { compileTable, type RouteTarget } from "./table-format.js";
import { resolveUpstream, upstreamAddress } from "./upstreams.js";

export interface ProxyRunOptions {
  url: string;
  token: string;
  /** Folder for haproxy.cfg, the Lua files and the last table (last-table.txt). */
  dir: string;
  config: Omit<ProxyConfig, "adminPort" | "secret"> & { adminPort?: number };
  /** Version → "host:port", ahead of artifact URIs. */
  pinnedUpstreams: ReadonlyMap<number, string>;
  drainIntervalMs: number;
  log: (line: string) => void;
}

export interface ProxyStatus {
  revision: number | null;
  /** HAProxy's process id, null while it is not running. */
  pid: number | null;
  connected: boolean;
  restarts: number;
  /** Answers the proxy folded into windows so far, and the distinct (latency, version, status) integers they were counted under. */
  folded: { answers: number; keys: number };
}

const TABLE_FILE = "last-table.txt";

export class ProxyRunner {
  private haproxy: HaproxyProcess | null = null;
  private admin!: ProxyAdmin;
  private configPath = "";
  private tableText: string | null = null;
  private revision: number | null = null;
  private lastSnapshotText = "";
  private connected = false;
  private restarts = 0;
  private readonly folded = { answers: 0, keys: 0 };
  private stopped = false;
  private applying: Promise<void> = Promise.resolve();
  private drainTimer: ReturnType<typeof setInterval> | undefined;
  private readonly stop$ = new AbortController();
  private readonly queue: AggregateQueue;
  private readonly exposures = new ExposureBuffer(50_000);
  private telemetryShipper!: BatchShipper<PendingBatch>;
  private exposureShipper!: ExposureShipper;
  private poller!: SnapshotPoller;

  constructor(private readonly options: ProxyRunOptions) {
    this.queue = new AggregateQueue(100_000, 500, (count, why) => options.log(`telemetry: ${count} requests dropped: ${why}`));
  }

  status(): ProxyStatus {
    return { revision: this.revision, pid: this.haproxy?.child.pid ?? null, connected: this.connected, restarts: this.restarts, folded: { ...this.folded } };
  }

  /** Writes the files, checks the config with HAProxy, starts it and the feed; resolves once HAProxy serves. */
  async start(): Promise<{ configPath: string; adminPort: number }> {
    const { options } = this;
    const adminPort = options.config.adminPort ?? (await freePort());
    const secret = randomBytes(24).toString("hex");
    const config: ProxyConfig = { ...options.config, adminPort, secret };
    this.configPath = writeProxyFiles(config, options.dir);
    const problem = checkConfig(this.configPath);
    if (problem !== null) throw new Error(`haproxy refused the configuration:\n${problem}`);
    this.admin = new ProxyAdmin(adminPort, secret);
    const saved = join(options.dir, TABLE_FILE);
    if (existsSync(saved)) {
      this.tableText = readFileSync(saved, "utf8");
      options.log(`serving the last known table from ${saved} until Arena answers`);
    }
    await this.launch();
    this.startFeed();
    this.startTelemetry();
    return { configPath: this.configPath, adminPort };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.poller?.stop();
    this.stop$.abort();
    clearInterval(this.drainTimer);
    await this.drainOnce().catch(() => undefined);
    await Promise.all([this.telemetryShipper.drain(true), this.exposureShipper.drain(true)]).catch(() => undefined);
    this.telemetryShipper.stop();
    this.exposureShipper.stop();
    await this.haproxy?.stop();
  }

  private async launch(): Promise<void> {
    this.haproxy = await startHaproxy(this.configPath, this.admin);
    if (this.tableText !== null) await this.admin.pushTable(this.tableText);
    const current = this.haproxy;
    void current.exited.then((code) => {
      if (this.stopped || this.haproxy !== current) return;
      this.options.log(`haproxy exited (${code}); restarting. Last output:\n${current.output().slice(-2_000)}`);
      void this.relaunch();
    });
  }

  /** Restarts HAProxy with a growing delay, then pushes the table it had. */
  private async relaunch(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
      if (this.stopped) return;
      try {
        this.restarts++;
        await this.launch();
        return;
      } catch (error) {
        this.options.log(`haproxy restart failed: ${(error as Error).message}`);
      }
    }
  }

  private http(): HttpContext {
    return { fetch: globalThis.fetch, baseUrl: this.options.url.replace(/\/+$/, ""), token: this.options.token, requestTimeoutMs: 10_000, closed: this.stop$.signal };
  }

  private startFeed(): void {
    const http = this.http();
    const onError = (what: string) => (error: unknown) => {
      if (!this.stopped) this.options.log(`${what}: ${(error as Error).message ?? String(error)}`);
    };
    this.poller = new SnapshotPoller(http, 2_000, {
      currentEtag: () => (this.revision !== null ? `"rev-${this.revision}"` : null),
      onSnapshot: (body) => this.onSnapshot(body),
      onResult: () => undefined,
      onError: onError("polling Arena's snapshot failed"),
    });
    this.poller.start();
    void runSnapshotStream(
      http,
      { idleTimeoutMs: 45_000, reconnectBaseMs: 500, reconnectMaxMs: 10_000 },
      {
        onOpen: () => {
          this.connected = true;
          this.poller.stop();
        },
        onDown: () => {
          this.connected = false;
          this.poller.start();
        },
        onSnapshot: (data) => {
          try {
            this.onSnapshot(JSON.parse(data));
          } catch (error) {
            onError("a snapshot from the stream was unreadable")(error);
          }
        },
        onError: onError("Arena's SDK stream failed"),
      },
    );
  }

  /** Applies snapshots one at a time, in order; a table is pushed only when it changed. */
  private onSnapshot(body: unknown): void {
    const snapshot = asSnapshot(body);
    if (snapshot === null) return;
    this.applying = this.applying.then(() => this.apply(snapshot.revision, snapshot.programs[this.options.config.program])).catch((error: unknown) => {
      this.options.log(`applying revision ${snapshot.revision} failed (the proxy keeps its table): ${(error as Error).message}`);
    });
  }

  private async apply(revision: number, program: ProgramSnapshot | undefined): Promise<void> {
    if (this.revision !== null && revision < this.revision && this.tableText !== null) return;
    if (program === undefined) {
      this.options.log(`Arena has no program "${this.options.config.program}" (revision ${revision}): the proxy keeps its table`);
      this.revision = revision;
      return;
    }
    const targets = new Map<string, RouteTarget>();
    for (const [alias, target] of cleanTargets(program)) {
      const address = upstreamAddress(target, this.options.pinnedUpstreams);
      const upstream = address === null ? null : await resolveUpstream(address);
      if (upstream !== null) targets.set(alias, { alias, version: target.version, ...upstream });
    }
    const { text, warnings } = compileTable({ revision, program: program.name, plan: program.traffic, targets });
    this.revision = revision;
    const fingerprint = text.replace(/^rev .*$/m, "");
    if (fingerprint === this.lastSnapshotText && this.tableText !== null) return;
    for (const warning of warnings) this.options.log(`warning: ${warning}`);
    await this.admin.pushTable(text);
    this.tableText = text;
    this.lastSnapshotText = fingerprint;
    const path = join(this.options.dir, TABLE_FILE);
    writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
    const champion = targets.get(CHAMPION);
    this.options.log(`revision ${revision}: champion ${champion ? `v${champion.version}` : "(none)"}, ${program.traffic.arms.filter((a) => a.weight > 0).map((a) => `@${a.alias} ${(a.weight * 100).toFixed(2)} %`).join(", ") || "no challenger"}${program.traffic.shadow.length ? `, shadow ${program.traffic.shadow.map((s) => `@${s.alias}`).join(", ")}` : ""}`);
  }

  private startTelemetry(): void {
    const http = this.http();
    const settings = { flushIntervalMs: this.options.drainIntervalMs, retryBaseMs: 1_000, retryMaxMs: 30_000 };
    const report = (what: string) => (error: unknown) => {
      if (!this.stopped) this.options.log(`${what}: ${(error as Error).message ?? String(error)}`);
    };
    this.telemetryShipper = new BatchShipper("/v1/telemetry", "telemetry events", this.queue, http, settings, report("shipping telemetry failed"));
    this.exposureShipper = new ExposureShipper(this.exposures, http, { ...settings, batchSize: 5_000 }, report("shipping exposures failed"));
    this.telemetryShipper.start();
    this.exposureShipper.start();
    this.drainTimer = setInterval(() => void this.drainOnce().catch(report("draining the proxy's telemetry failed")), this.options.drainIntervalMs);
    this.drainTimer.unref();
  }

  private async drainOnce(): Promise<void> {
    if (this.haproxy === null) return;
    const drained = parseDrain(await this.admin.drain(), this.options.config.program);
    this.queue.add(drained.aggregates);
    this.folded.answers += drained.folded.answers;
    this.folded.keys += drained.folded.keys;
    for (const e of drained.exposures) this.exposures.record(this.options.config.program, e.unitId, e.alias, e.version, e.at);
    if (drained.dropped.exposures > 0) this.exposures.addDrops(drained.dropped.exposures);
    if (drained.dropped.windows > 0) this.options.log(`telemetry: ${drained.dropped.windows} requests not counted (window bound reached)`);
    if (drained.dropped.shadow > 0) this.options.log(`shadow: ${drained.dropped.shadow} copies not sent (in-flight bound reached)`);
    // A burst of exposures (every unit seen again when a window starts) leaves in small drains, 20 ms
    // apart, so none holds the proxy long: 10,000 units' exposures leave within a second.
    if (drained.more && !this.stopped) setTimeout(() => void this.drainOnce().catch(() => undefined), 20).unref();
  }
}
