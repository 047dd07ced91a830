/**
 * Arena's Prometheus exporter: its own health (process, HTTP, ingest,
 * streams, serving revision, audit size) and per-variant SLIs over the last
 * five minutes. SLIs are recomputed on a timer, never per scrape, so a burst
 * of scrapers costs nothing and a slow store never slows a scrape.
 */
import type { FastifyInstance } from "fastify";
import { Counter, Gauge, Registry } from "prom-client";
import type { ServiceContext } from "../context.js";
import type { SnapshotHub } from "../serving/hub.js";
import { TelemetryQuery, type MetricsReport } from "../telemetry/query.js";
import { installHttpMetrics } from "./http-metrics.js";
import { processRegistry } from "./process-metrics.js";
import { VariantSlis } from "./variant-slis.js";

export const SLI_WINDOW_MS = 5 * 60_000;

export interface ExporterOptions {
  /** The audit head last checkpointed (arena_audit_checkpoint_seq). */
  auditCheckpoint?: () => number;
  /** The last background verification: 1 intact, 0 tampered, -1 not run yet (arena_audit_valid). */
  auditValid?: () => number;
  app: FastifyInstance;
  ctx: Pick<ServiceContext, "store" | "now">;
  hub: SnapshotHub;
  /** Every program whose variants are exported. */
  programs: () => Promise<readonly { name: string }[]>;
  windowMs?: number;
  /** Ingest admission: requests in flight now and the most ever at once. */
  ingest?: { readonly stats: { inFlight: number; peak: number } };
  /** Open SSE streams (SDK and dashboard). */
  streams?: { readonly size: number };
}

export class ArenaExporter {
  /** What GET /metrics renders: this app's metrics plus the process's. */
  readonly registry: Registry;
  private readonly slis: VariantSlis;
  // Without a gauge reader: gauges from Prometheus are not exported back, so refreshes need not query Prometheus.
  private readonly query: TelemetryQuery;
  private readonly windowMs: number;
  private readonly revision: Gauge;
  private readonly auditEntries: Gauge;
  private readonly refreshedAt: Gauge;
  private readonly refreshFailures: Counter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private attempted = false;
  private stopped = false;
  private lastSuccess = 0;

  constructor(private readonly options: ExporterOptions) {
    const own = new Registry();
    const registers = [own];
    this.windowMs = options.windowMs ?? SLI_WINDOW_MS;
    this.query = new TelemetryQuery({ ...options.ctx, servingChanged: () => undefined });
    installHttpMetrics(options.app, own);
    this.slis = new VariantSlis(own, `${Math.round(this.windowMs / 60_000)}m`);
    const hub = options.hub;
    const checkpoint = options.auditCheckpoint;
    if (checkpoint) {
      new Gauge({
        name: "arena_audit_checkpoint_seq",
        help: "Sequence number of the audit head last checkpointed to the witness (a scraper's history is one more witness: it must never go down)",
        registers,
        collect() {
          this.set(checkpoint());
        },
      });
    }
    const valid = options.auditValid;
    if (valid)
      new Gauge({
        name: "arena_audit_valid",
        help: "Last background `verify --state` of the audit trail: 1 intact, 0 tampered (alert on it), -1 not run yet",
        registers,
        collect() {
          this.set(valid());
        },
      });
    new Gauge({
      name: "arena_sse_subscribers",
      help: "SDKs connected to the snapshot stream",
      registers,
      collect() {
        this.set(hub.subscriberCount);
      },
    });
    const { ingest, streams } = options;
    if (ingest) {
      new Gauge({
        name: "arena_ingest_in_flight",
        help: "Ingest batches (telemetry and exposures) admitted and not yet answered",
        registers,
        collect() {
          this.set(ingest.stats.inFlight);
        },
      });
      new Gauge({
        name: "arena_ingest_in_flight_peak",
        help: "The most ingest batches ever in flight at once since start (never above the admission limit)",
        registers,
        collect() {
          this.set(ingest.stats.peak);
        },
      });
    }
    if (streams)
      new Gauge({
        name: "arena_streams_open",
        help: "Open server-sent-event streams (SDK and dashboard)",
        registers,
        collect() {
          this.set(streams.size);
        },
      });
    this.revision = new Gauge({
      name: "arena_serving_revision",
      help: "Revision of the serving snapshot (bumps on every alias, traffic or program change)",
      registers,
    });
    this.auditEntries = new Gauge({
      name: "arena_audit_entries",
      help: "Entries in the audit log (sequence number of the last one)",
      registers,
    });
    this.refreshedAt = new Gauge({
      name: "arena_variant_sli_refresh_timestamp_seconds",
      help: "When the per-variant SLIs were last recomputed (alert when it gets old)",
      registers,
    });
    this.refreshFailures = new Counter({
      name: "arena_variant_sli_refresh_failures_total",
      help: "Failed recomputations of the per-variant SLIs",
      registers,
    });
    // Every metric exists by now: merge copies the list, it does not follow later registrations.
    this.registry = Registry.merge([processRegistry(), own]);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Recomputes every `intervalMs` (0: only on demand); the timer never keeps the process alive. */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a refresh in flight, so the store can close after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The exposition text. The first scrape of a fresh server computes the SLIs rather than show none for a whole interval. */
  async render(): Promise<string> {
    if (!this.attempted) await this.refresh();
    return this.registry.metrics();
  }

  /** Recomputes the SLIs and store-backed gauges; concurrent calls share one run. Never throws. */
  refresh(): Promise<void> {
    this.running ??= this.collect().finally(() => (this.running = null));
    return this.running;
  }

  private async collect(): Promise<void> {
    if (this.stopped) return;
    this.attempted = true;
    const to = this.options.ctx.now();
    try {
      const from = new Date(to.getTime() - this.windowMs);
      const reports: MetricsReport[] = [];
      for (const program of await this.options.programs()) reports.push(await this.query.report(program.name, from, to));
      const snapshot = await this.options.hub.get();
      const head = await this.options.ctx.store.tx((r) => r.audit.head());
      if (this.stopped) return;
      this.slis.publish(reports);
      this.revision.set(snapshot.snapshot.revision);
      this.auditEntries.set(head?.seq ?? 0);
      this.refreshedAt.set(to.getTime() / 1000);
      this.lastSuccess = to.getTime();
    } catch (error) {
      this.refreshFailures.inc();
      this.options.app.log.warn({ err: error }, "recomputing the per-variant SLIs for /metrics failed");
      // Values older than their own window would describe the past as the present: drop them.
      if (to.getTime() - this.lastSuccess > this.windowMs) this.slis.publish([]);
    }
  }
}
