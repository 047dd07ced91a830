import { AliasService } from "./aliases/service.js";
import { AuditService } from "./audit/service.js";
import { CandidateService } from "./candidates/service.js";
import type { ServiceContext } from "./context.js";
import { ExposureService } from "./exposures/service.js";
import { FreezeService } from "./freeze/service.js";
import { PolicyService } from "./policies/service.js";
import { RolloutService } from "./rollouts/service.js";
import { MetricService } from "./metrics/service.js";
import { ProgramService } from "./programs/service.js";
import type { GaugeReader } from "./telemetry/gauge-reader.js";
import { TelemetryQuery } from "./telemetry/query.js";
import { TelemetryService } from "./telemetry/service.js";
import { TokenService } from "./tokens/service.js";
import { TrafficService } from "./traffic/service.js";

export interface Services {
  programs: ProgramService;
  candidates: CandidateService;
  aliases: AliasService;
  traffic: TrafficService;
  audit: AuditService;
  tokens: TokenService;
  exposures: ExposureService;
  metrics: MetricService;
  telemetry: TelemetryService;
  telemetryQuery: TelemetryQuery;
  policies: PolicyService;
  rollouts: RolloutService;
  freezes: FreezeService;
}

export interface ServiceOptions {
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
    audit: new AuditService(ctx),
    tokens: new TokenService(ctx),
    exposures: new ExposureService(ctx, telemetry, options.eventFutureSkewMs ?? 5 * 60_000),
    metrics: new MetricService(ctx, () => telemetry.invalidateContexts()),
    telemetry,
    telemetryQuery: new TelemetryQuery(ctx, options.gauges ?? null),
    policies: new PolicyService(ctx, programs, () => telemetry.invalidateContexts()),
    rollouts: new RolloutService(ctx),
    freezes: new FreezeService(ctx),
  };
}
