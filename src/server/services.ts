import { AliasService } from "./aliases/service.js";
import { AuditService, type AuditSigning } from "./audit/service.js";
import { AuditKeyring } from "./audit/signing-key.js";
import { MemoryWitness } from "./audit/witness.js";
import { CandidateService } from "./candidates/service.js";
import { changeAppliers } from "./changes/appliers.js";
import { ChangeService } from "./changes/service.js";
import type { ServiceContext } from "./context.js";
import { ExposureService } from "./exposures/service.js";
import { FreezeService } from "./freeze/service.js";
import { IdempotencyService } from "./idempotency/service.js";
import { PolicyService } from "./policies/service.js";
import { RolloutService } from "./rollouts/service.js";
import { MetricService } from "./metrics/service.js";
import { ProgramService } from "./programs/service.js";
import type { GaugeReader } from "./telemetry/gauge-reader.js";
import { TelemetryQuery } from "./telemetry/query.js";
import { TelemetryService } from "./telemetry/service.js";
import { PrincipalService } from "./principals/service.js";
import { SealChecker } from "./seals/seal.js";
import { TokenService } from "./tokens/service.js";
import { TrafficService } from "./traffic/service.js";

export interface Services {
  programs: ProgramService;
  candidates: CandidateService;
  aliases: AliasService;
  traffic: TrafficService;
  audit: AuditService;
  tokens: TokenService;
  principals: PrincipalService;
  exposures: ExposureService;
  metrics: MetricService;
  telemetry: TelemetryService;
  telemetryQuery: TelemetryQuery;
  policies: PolicyService;
  rollouts: RolloutService;
  freezes: FreezeService;
  idempotency: IdempotencyService;
  changes: ChangeService;
}

export interface ServiceOptions {
  /** The audit signing key and witness (default: an ephemeral key, an in-memory witness: backtests, unit tests). */
  audit?: AuditSigning;
  gauges?: GaugeReader | null;
  /** Event times later than now plus this are refused (default 5 min). */
  eventFutureSkewMs?: number;
}

export function createServices(ctx: ServiceContext, options: ServiceOptions = {}): Services {
  const telemetry = new TelemetryService(ctx, { eventFutureSkewMs: options.eventFutureSkewMs ?? 5 * 60_000 });
  const programs = new ProgramService(ctx);
  return {
    programs,
    candidates: new CandidateService(ctx),
    aliases: new AliasService(ctx),
    traffic: new TrafficService(ctx),
    audit: new AuditService(ctx, options.audit ?? { keyring: AuditKeyring.ephemeral(), witness: new MemoryWitness() }),
    tokens: new TokenService(ctx, options.audit ? new SealChecker(options.audit.keyring) : null),
    principals: new PrincipalService(ctx),
    exposures: new ExposureService(ctx, telemetry, options.eventFutureSkewMs ?? 5 * 60_000),
    metrics: new MetricService(ctx, () => telemetry.invalidateContexts()),
    telemetry,
    telemetryQuery: new TelemetryQuery(ctx, options.gauges ?? null),
    policies: new PolicyService(ctx, programs, () => telemetry.invalidateContexts()),
    rollouts: new RolloutService(ctx),
    freezes: new FreezeService(ctx),
    idempotency: new IdempotencyService(ctx),
    changes: new ChangeService(
      ctx,
      changeAppliers(() => telemetry.invalidateContexts()),
    ),
  };
}
