import Fastify, { type FastifyInstance } from "fastify";
import { safeStringify } from "../contracts/json-bounds.js";
import { aliasRoutes } from "./aliases/routes.js";
import { auditRoutes } from "./audit/routes.js";
import { candidateRoutes } from "./candidates/routes.js";
import { dashboardRoutes } from "./dashboard/routes.js";
import type { Clock, ServiceContext } from "./context.js";
import { exposureRoutes } from "./exposures/routes.js";
import { Admission } from "./http/admission.js";
import { installAuthThrottle } from "./http/auth-throttle.js";
import type { RouteDeps } from "./http/deps.js";
import { installErrorHandler } from "./http/error-handler.js";
import { healthRoutes } from "./http/health-routes.js";
import { resolveLimits, type ServerLimits } from "./http/limits.js";
import { singleFlight } from "./http/single-flight.js";
import { OpenApiRegistry } from "./http/openapi.js";
import { SingleProcessLeader, type LeaderElector } from "./leader/elector.js";
import { leaderRoutes } from "./leader/routes.js";
import { metricRoutes } from "./metrics/routes.js";
import { freezeRoutes } from "./freeze/routes.js";
import { NotificationDispatcher } from "./notifications/dispatcher.js";
import { programRoutes } from "./programs/routes.js";
import { Controller } from "./rollouts/controller.js";
import { rolloutRoutes } from "./rollouts/routes.js";
import { statusRoutes } from "./rollouts/status-routes.js";
import { ArenaExporter } from "./prometheus/exporter.js";
import { metricsRoutes } from "./prometheus/routes.js";
import { SnapshotHub } from "./serving/hub.js";
import { servingRoutes } from "./serving/routes.js";
import { StreamRegistry } from "./serving/stream-registry.js";
import { createServices, type Services } from "./services.js";
import { LocalChangeFeed, type ChangeFeed } from "./store/change-feed.js";
import type { Store } from "./store/store.js";
import type { GaugeReader } from "./telemetry/gauge-reader.js";
import { startMaintenance } from "./telemetry/rollup.js";
import { telemetryRoutes } from "./telemetry/routes.js";
import { tokenRoutes } from "./tokens/routes.js";
import { trafficRoutes } from "./traffic/routes.js";

export interface AppOptions {
  store: Store;
  now?: Clock;
  /** pino logger options, or false for silence (tests). */
  logger?: boolean | object;
  /** How often the snapshot hub re-reads the serving revision (picks up writes by other processes). */
  snapshotPollMs?: number;
  /** How replicas hear about each other's serving changes (default: in-process only). The caller closes it. */
  changeFeed?: ChangeFeed | undefined;
  /** Reads gauge metrics from Prometheus (null: none configured). */
  gauges?: GaugeReader | null;
  /** Ingest batches (telemetry and exposures) processed at once; more get 503 + Retry-After. Same as `limits.maxIngestInFlight`. */
  maxConcurrentBatches?: number;
  /** Timeouts, admission, stream and input bounds (see http/limits.ts and docs/operations.md); defaults for the rest. */
  limits?: Partial<ServerLimits>;
  /** How often GET /metrics recomputes the per-variant SLIs (default 15 s; 0: on the first scrape and `prometheus.refresh()` only). */
  metricsRefreshMs?: number;
  /**
   * How often the promotion controller looks for due rollouts (default 1 s; 0: never on its own,
   * tests drive `controller.tick()`). `mayDecide` gates it in replicated setups (leader election).
   */
  controller?: { everyMs?: number; mayDecide?: () => boolean };
  /** Who runs the controller among replicas (default: this process alone). The caller starts and stops it. */
  leader?: LeaderElector;
}

export interface Arena {
  app: FastifyInstance;
  services: Services;
  hub: SnapshotHub;
  store: Store;
  /** What GET /metrics exposes; `refresh()` recomputes the per-variant SLIs now. */
  prometheus: ArenaExporter;
  controller: Controller;
  leader: LeaderElector;
  notifications: NotificationDispatcher;
  /** Ingest admission (telemetry and exposure batches); `stats.peak` is the most ever in flight. */
  ingestAdmission: Admission;
  limits: ServerLimits;
  streams: StreamRegistry;
}

/** Builds the HTTP server around a store. Call `app.listen` to serve, `app.close` to stop. */
export async function buildApp(options: AppOptions): Promise<Arena> {
  const now = options.now ?? (() => new Date());
  const limits = resolveLimits({ ...(options.maxConcurrentBatches ? { maxIngestInFlight: options.maxConcurrentBatches } : {}), ...options.limits });
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // A slow client is cut off: headers, then the whole body, must arrive in time; idle sockets close.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: { headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs || limits.headersTimeoutMs), connectionsCheckingInterval: 1_000 },
    // The token must never land in a log line.
    ...(options.logger ? { logger: { ...(typeof options.logger === "object" ? options.logger : {}), redact: ["req.headers.authorization"] } } : {}),
  });
  const hub = new SnapshotHub({ store: options.store, now });
  const feed = options.changeFeed ?? new LocalChangeFeed();
  // The change is committed already: a feed that cannot publish must not fail the request (the poll catches up).
  const ctx: ServiceContext = { store: options.store, now, servingChanged: () => void feed.publish().catch(() => undefined) };
  const stopListening = feed.subscribe(() => hub.changed());
  const services = createServices(ctx, { gauges: options.gauges ?? null, eventFutureSkewMs: limits.eventFutureSkewMs });
  // Where and when authentication runs is the gate's (onRequest); what a secret resolves to is the token service's.
  const authenticate = singleFlight((secret: string) => services.tokens.authenticate(secret));
  const throttle = await installAuthThrottle(app, { max: limits.authFailuresPerWindow, windowMs: limits.authFailureWindowMs });
  const ingestAdmission = new Admission("ingest", limits.maxIngestInFlight, Math.min(limits.maxIngestPerPrincipal, limits.maxIngestInFlight));
  const streams = new StreamRegistry(limits, authenticate);
  const readAdmission = new Admission("telemetry reads", limits.maxHeavyReads, Math.min(limits.maxHeavyReadsPerPrincipal, limits.maxHeavyReads));
  const deps: RouteDeps = { app, openapi: new OpenApiRegistry(), services, hub, now, store: options.store, authenticate, gate: { authenticate, throttle }, ingestAdmission, readAdmission, limits, streams };

  // JSON only: any other body type is a 415 with a message, not a string that fails validation.
  app.removeContentTypeParser("text/plain");
  installErrorHandler(app);
  // Stored data can never make a read fail: a value too deep for JSON.stringify is written out truncated.
  app.setReplySerializer((payload) => safeStringify(payload));
  // API answers carry tokens, configs and audit entries: no cache may keep them (routes that set their own keep it).
  app.addHook("onSend", async (_request, reply, payload) => {
    if (!reply.hasHeader("Cache-Control")) reply.header("Cache-Control", "no-store");
    return payload;
  });
  // Before the routes: its hooks count every request.
  const prometheus = new ArenaExporter({ app, ctx, hub, programs: () => services.programs.list(), ingest: ingestAdmission, streams });
  healthRoutes(deps, options.store);
  metricsRoutes(deps, prometheus);
  programRoutes(deps);
  candidateRoutes(deps);
  aliasRoutes(deps);
  trafficRoutes(deps);
  servingRoutes(deps);
  exposureRoutes(deps);
  metricRoutes(deps);
  telemetryRoutes(deps);
  auditRoutes(deps);
  tokenRoutes(deps);
  rolloutRoutes(deps);
  freezeRoutes(deps);
  statusRoutes(deps);
  dashboardRoutes(deps);
  const leader = options.leader ?? new SingleProcessLeader();
  leaderRoutes(deps, leader);

  hub.start(options.snapshotPollMs ?? 2_000);
  streams.start();
  prometheus.start(options.metricsRefreshMs ?? 15_000);
  const stopMaintenance = startMaintenance(ctx, () => services.telemetry.expirePending());
  // Only the leader decides, and each of its units of work re-checks the lease (fencing).
  const mayDecide = options.controller?.mayDecide ?? (() => true);
  const controller = new Controller(ctx, services.telemetryQuery, () => leader.isLeader() && mayDecide(), (repos) => leader.fence(repos));
  const controllerEvery = options.controller?.everyMs ?? 1_000;
  if (controllerEvery > 0) controller.start(controllerEvery);
  const notifications = new NotificationDispatcher(ctx, process.env, limits.webhookAllowHosts);
  if (controllerEvery > 0) notifications.start(1_000, () => leader.isLeader());
  app.addHook("preClose", async () => {
    stopListening();
    stopMaintenance();
    hub.stop();
    streams.stop();
    notifications.stop();
    await controller.stop();
    await prometheus.stop();
  });
  return { app, services, hub, store: options.store, prometheus, controller, notifications, leader, ingestAdmission, limits, streams };
}
