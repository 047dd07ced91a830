/**
 * The contracts' named schemas, registered under their export names so the OpenAPI document
 * refers to them as components (`#/components/schemas/ProgramDetail`) instead of inlining them:
 * generated clients get named types. Every exported zod schema whose name starts with a capital
 * letter is one.
 */
import { z } from "zod";
import * as aliases from "../../contracts/aliases.js";
import * as audit from "../../contracts/audit.js";
import * as candidates from "../../contracts/candidates.js";
import * as changes from "../../contracts/changes.js";
import * as common from "../../contracts/common.js";
import * as dashboard from "../../contracts/dashboard.js";
import * as dashboardAnalysis from "../../contracts/dashboard-analysis.js";
import * as exposures from "../../contracts/exposures.js";
import * as metrics from "../../contracts/metrics.js";
import * as policy from "../../contracts/policy.js";
import * as programs from "../../contracts/programs.js";
import * as rollouts from "../../contracts/rollouts.js";
import * as telemetry from "../../contracts/telemetry.js";
import * as tokens from "../../contracts/tokens.js";
import * as traffic from "../../contracts/traffic.js";

const MODULES = [
  common,
  programs,
  candidates,
  aliases,
  traffic,
  exposures,
  metrics,
  telemetry,
  audit,
  tokens,
  policy,
  rollouts,
  changes,
  dashboardAnalysis,
  dashboard,
];

/** Shapes worth a name: objects and unions of them (a string rule such as Name stays inline). */
const NAMED_KINDS = new Set(["object", "union", "intersection", "record"]);

/** Schemas named by export; the first module to export a name keeps it. Params and query shapes stay inline (they become parameters). */
export function componentRegistry(): { registry: z.core.$ZodRegistry<{ id: string }>; byId: Map<string, z.ZodType> } {
  const registry = z.registry<{ id: string }>();
  const byId = new Map<string, z.ZodType>();
  const taken = new Set<string>();
  for (const mod of MODULES) {
    for (const [name, value] of Object.entries(mod)) {
      if (
        !(value instanceof z.ZodType) ||
        !NAMED_KINDS.has(value._zod.def.type) ||
        !/^[A-Z]/.test(name) ||
        /(Params|Query)$/.test(name) ||
        taken.has(name) ||
        registry.has(value)
      )
        continue;
      registry.add(value, { id: name });
      byId.set(name, value);
      taken.add(name);
    }
  }
  return { registry, byId };
}
