import { AliasService } from "./aliases/service.js";
import { AuditService } from "./audit/service.js";
import { CandidateService } from "./candidates/service.js";
import type { ServiceContext } from "./context.js";
import { ExposureService } from "./exposures/service.js";
import { ProgramService } from "./programs/service.js";
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
}

export function createServices(ctx: ServiceContext): Services {
  return {
    programs: new ProgramService(ctx),
    candidates: new CandidateService(ctx),
    aliases: new AliasService(ctx),
    traffic: new TrafficService(ctx),
    audit: new AuditService(ctx),
    tokens: new TokenService(ctx),
    exposures: new ExposureService(ctx),
  };
}
