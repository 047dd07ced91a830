import Fastify, { type FastifyInstance } from "fastify";
import { safeStringify } from "../contracts/json-bounds.js";
import { aliasRoutes } from "./aliases/routes.js";
import { AuditedStore } from "./audit/audited-store.js";
import { auditRoutes } from "./audit/routes.js";
import type { AuditSigning } from "./audit/service.js";
import { AuditKeyring } from "./audit/signing-key.js";
import { Checkpointer, MemoryWitness } from "./audit/witness.js";
import { candidateRoutes } from "./candidates/routes.js";
import { changeRoutes } from "./changes/routes.js";
import { dashboardRoutes } from "./dashboard/routes.js";
import type { Clock, ServiceContext } from "./context.js";
import { exposureRoutes } from "./exposures/routes.js";
import { Admission } from "./http/admission.js";
import { installAuthThrottle } from "./http/auth-throttle.js";
import type { RouteDeps } from "./http/deps.js";
import { docsRoutes } from "./http/docs-routes.js";
import { installErrorHandler } from "./http/error-handler.js";
import { healthRoutes } from "./http/health-routes.js";
import { resolveLimits, type ServerLimits } from "./http/limits.js";
import { singleFlight } from "./http/single-flight.js";
import { OpenApiRegistry } from "./http/openapi.js";
import { SingleProcessLeader, type LeaderElector } from "./leader/elector.js";
import { leaderRoutes } from "./leader/routes.js";
import { metricDefinitionRoutes } from "./metrics/routes.js";
import { freezeRoutes } from "./freeze/routes.js";
import { NotificationDispatcher } from "./notifications/dispatcher.js";
import { ofrepRoutes } from "./ofrep/routes.js";
import { policyRoutes } from "./policies/routes.js";
import { programRoutes } from "./programs/routes.js";
import { Controller } from "./rollouts/controller.js";
import { rolloutRoutes } from "./rollouts/routes.js";
import { statusRoutes } from "./rollouts/status-routes.js";
import { ArenaExporter } from "./prometheus/exporter.js";
import { prometheusExpositionRoutes } from "./prometheus/routes.js";
import { SnapshotHub } from "./serving/hub.js";
import { servingRoutes } from "./serving/routes.js";
import { StreamRegistry } from "./serving/stream-registry.js";
import { createServices, type Services } from "./services.js";
import { LocalChangeFeed, type ChangeFeed } from "./persist/change-feed.js";
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
  /** The audit signing key and the witness for checkpoints (default: an ephemeral key and an in-memory witness). */
  audit?: AuditSigning;
  /** How often the audit head is checkpointed even without local writes (default 30 s; 0: never). */
  checkpointEveryMs?: number;
  /** How often the whole trail is verified with --state in the background, for arena_audit_valid (default 10 min; 0: never). */
  auditVerifyEveryMs?: number;
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
  /** Checkpoints the audit head now (to the witness and, for subscribed webhooks, the outbox), as the timer does. */
  checkpointAudit(): Promise<void>;
  /** Runs the background `verify --state` now (its result is arena_audit_valid on /metrics). */
  verifyAudit(): Promise<void>;
  /** Ingest admission (telemetry and exposure batches); `stats.peak` is the most ever in flight. */
  ingestAdmission: Admission;
  limits: ServerLimits;
  streams: StreamRegistry;
}

/** Builds the HTTP server around a store. Call `app.listen` to serve, `app.close` to stop. */
export async function buildApp(options: AppOptions): Promise<Arena> {
  const now = options.now ?? (() => new Date());
  const limits = resolveLimits({
    ...(options.maxConcurrentBatches ? { maxIngestInFlight: options.maxConcurrentBatches } : {}),
    ...options.limits,
  });
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // A slow client is cut off: headers, then the whole body, must arrive in time; idle sockets close.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs || limits.headersTimeoutMs),
      connectionsCheckingInterval: 1_000,
    },
    // The token must never land in a log line.
    ...(options.logger
      ? { logger: { ...(typeof options.logger === "object" ? options.logger : {}), redact: ["req.headers.authorization"] } }
      : {}),
  });
  const signing = options.audit ?? { keyring: AuditKeyring.ephemeral(), witness: new MemoryWitness() };
  // Every service writes through it: audit entries are signed, and each committed head is checkpointed to the witness.
  const store = new AuditedStore(options.store, new Checkpointer(signing.keyring, signing.witness, now), (error) =>
    app.log.error({ err: error }, "could not write an audit checkpoint"),
  );
  await store.checkpointHead();
  const hub = new SnapshotHub({ store, now });
  const feed = options.changeFeed ?? new LocalChangeFeed();
  // The change is committed already: a feed that cannot publish must not fail the request (the poll catches up).
  const ctx: ServiceContext = { store, now, servingChanged: () => void feed.publish().catch(() => undefined) };
  const stopListening = feed.subscribe(() => hub.changed());
  const services = createServices(ctx, { audit: signing, gauges: options.gauges ?? null, eventFutureSkewMs: limits.eventFutureSkewMs });
  // Where and when authentication runs is the gate's (onRequest); what a secret resolves to is the token service's.
  const authenticate = singleFlight((secret: string) => services.tokens.authenticate(secret));
  const throttle = await installAuthThrottle(app, { max: limits.authFailuresPerWindow, windowMs: limits.authFailureWindowMs });
  const ingestAdmission = new Admission(
    "ingest",
    limits.maxIngestInFlight,
    Math.min(limits.maxIngestPerPrincipal, limits.maxIngestInFlight),
  );
  const streams = new StreamRegistry(limits, authenticate);
  const readAdmission = new Admission(
    "telemetry reads",
    limits.maxHeavyReads,
    Math.min(limits.maxHeavyReadsPerPrincipal, limits.maxHeavyReads),
  );
  const deps: RouteDeps = {
    app,
    openapi: new OpenApiRegistry(),
    services,
    hub,
    now,
    store,
    authenticate,
    gate: { authenticate, throttle },
    ingestAdmission,
    readAdmission,
    limits,
    streams,
  };

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
  const prometheus = new ArenaExporter({
    app,
    ctx,
    hub,
    auditCheckpoint: () => store.checkpointer.lastSeq(),
    auditValid: () => auditValid,
    programs: () => services.programs.list(),
    ingest: ingestAdmission,
    streams,
  });
  healthRoutes(deps, store);
  docsRoutes(app);
  prometheusExpositionRoutes(deps, prometheus);
  programRoutes(deps);
  candidateRoutes(deps);
  aliasRoutes(deps);
  trafficRoutes(deps);
  servingRoutes(deps);
  ofrepRoutes(deps);
  exposureRoutes(deps);
  metricDefinitionRoutes(deps);
  telemetryRoutes(deps);
  auditRoutes(deps);
  tokenRoutes(deps);
  policyRoutes(deps);
  rolloutRoutes(deps);
  freezeRoutes(deps);
  changeRoutes(deps);
  statusRoutes(deps);
  dashboardRoutes(deps);
  const leader = options.leader ?? new SingleProcessLeader();
  leaderRoutes(deps, leader);

  await services.tokens.adoptLegacyTokens();
  await services.audit.sealAgreeingRows();
  hub.start(options.snapshotPollMs ?? 2_000);
  const checkpointEvery = options.checkpointEveryMs ?? 30_000;
  const checkpointTimer =
    checkpointEvery > 0
      ? setInterval(() => void store.checkpointHead({ outbox: leader.isLeader() }).catch(() => undefined), checkpointEvery)
      : null;
  checkpointTimer?.unref();
  // Tampering shows on /metrics within one period, without anyone running `arena audit verify`.
  let auditValid = -1;
  const verifyAudit = () =>
    services.audit.verify({ state: true }).then(
      (v) => {
        auditValid = v.valid ? 1 : 0;
        if (!v.valid) app.log.error({ firstInvalidSeq: v.firstInvalidSeq, problem: v.problem }, "audit trail verification failed");
      },
      () => undefined,
    );
  const verifyEvery = options.auditVerifyEveryMs ?? 600_000;
  const verifyTimer = verifyEvery > 0 ? setInterval(() => void verifyAudit(), verifyEvery) : null;
  verifyTimer?.unref();
  streams.start();
  prometheus.start(options.metricsRefreshMs ?? 15_000);
  const stopMaintenance = startMaintenance(ctx, () => services.telemetry.expirePending());
  // Only the leader decides, and each of its units of work re-checks the lease (fencing).
  const mayDecide = options.controller?.mayDecide ?? (() => true);
  const controller = new Controller(
    ctx,
    services.telemetryQuery,
    () => leader.isLeader() && mayDecide(),
    (repos) => leader.fence(repos),
  );
  const controllerEvery = options.controller?.everyMs ?? 1_000;
  if (controllerEvery > 0) controller.start(controllerEvery);
  const notifications = new NotificationDispatcher(ctx, process.env, limits.webhookAllowHosts);
  if (controllerEvery > 0) notifications.start(1_000, () => leader.isLeader());
  app.addHook("preClose", async () => {
    stopListening();
    if (checkpointTimer) clearInterval(checkpointTimer);
    if (verifyTimer) clearInterval(verifyTimer);
    stopMaintenance();
    hub.stop();
    streams.stop();
    notifications.stop();
    await controller.stop();
    await prometheus.stop();
  });
  return {
    app,
    services,
    hub,
    store: options.store,
    prometheus,
    controller,
    notifications,
    leader,
    checkpointAudit: () => store.checkpointHead({ outbox: leader.isLeader() }),
    verifyAudit,
    ingestAdmission,
    limits,
    streams,
  };
}
