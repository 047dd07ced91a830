import type { FastifyInstance } from "fastify";
import type { SnapshotHub } from "../serving/hub.js";
import type { StreamRegistry } from "../serving/stream-registry.js";
import type { Services } from "../services.js";
import type { Store } from "../store/store.js";
import type { Admission } from "./admission.js";
import type { ServerLimits } from "./limits.js";
import type { AuthGate, Authenticator } from "./route.js";
import type { OpenApiRegistry } from "./openapi.js";

/** What a slice's routes need to register themselves. */
export interface RouteDeps {
  app: FastifyInstance;
  authenticate: Authenticator;
  /** Authentication in onRequest, with failed-attempt throttling. */
  gate: AuthGate;
  /** Shared by telemetry and exposure ingest. */
  ingestAdmission: Admission;
  /** Telemetry and exposure reads: few at once, so they cannot starve the rest. */
  readAdmission: Admission;
  limits: ServerLimits;
  /** Every open SSE stream: caps, revocation, laggards. */
  streams: StreamRegistry;
  openapi: OpenApiRegistry;
  services: Services;
  hub: SnapshotHub;
  now: () => Date;
  store: Store;
}
