/**
 * Rules of a policy that span fields and that the zod schema does not state:
 * where each kind of condition may appear, conditions that contradict their
 * metric's kind, empty windows, SLO windows the wrong way round. Each problem
 * names the path of the value at fault, so it is reported with line and column.
 */
import type { Condition, PolicyDocument } from "./policy.js";
import type { PathKey } from "./policy-locate.js";
import { policyReferenceIssues } from "./policy-references.js";
import { durationMsOrNaN } from "../core/time/duration.js";

export interface SemanticIssue {
  path: PathKey[];
  message: string;
}

const OFFLINE = ["registry", "preproduction"] as const;

function conditionIssues(c: Condition, path: PathKey[], live: boolean, policy: PolicyDocument, registry = false): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const at = (key: string, message: string) => out.push({ path: [...path, key], message });
  if (c.check !== undefined) {
    for (const key of ["min", "max", "gt", "lt", "delta", "test", "minEffect", "margin", "relative", "alpha"] as const) {
      if (c[key] !== undefined) at(key, `a check condition takes no ${key}`);
    }
    if (c.everySegment) at("everySegment", "a check has no segments");
    if (live) at("check", "checks are offline results: put them in gates.registry or gates.preproduction");
    return out;
  }
  if (registry && c.delta !== undefined)
    at("delta", "a registering candidate has no champion to compare with: put deltas in gates.preproduction");
  if (!live && c.test !== undefined) at("test", "a statistical test needs live data: put it in gates.live or gates.burnIn");
  if (!live && c.everySegment) at("everySegment", "offline metrics have no segments: everySegment applies to live gates");
  if (c.test === undefined && c.relative !== undefined)
    at("relative", "relative applies to statistical tests; for a delta use delta.relative");
  if (c.test === undefined && c.alpha !== undefined) at("alpha", "alpha applies to statistical tests");
  const low = c.min ?? c.gt;
  const high = c.max ?? c.lt;
  if (c.min !== undefined && c.max !== undefined && c.min > c.max) at("min", `min (${c.min}) is above max (${c.max})`);
  else if (low !== undefined && high !== undefined && (low > high || (low === high && (c.gt !== undefined || c.lt !== undefined)))) {
    at(c.min !== undefined ? "min" : "gt", `no value can pass: the lower bound (${low}) is not below the upper bound (${high})`);
  }
  const d = c.delta;
  if (d?.min !== undefined && d.max !== undefined && d.min > d.max)
    out.push({ path: [...path, "delta", "min"], message: `delta.min (${d.min}) is above delta.max (${d.max})` });
  const metric = c.metric !== undefined && Object.hasOwn(policy.metrics, c.metric) ? policy.metrics[c.metric] : undefined;
  if (live && metric?.kind === "gauge" && c.test !== undefined)
    at("test", `${c.metric} is a gauge (one number per variant): it supports only bounds and deltas`);
  if (
    live &&
    metric?.kind === "drift" &&
    (c.test !== undefined ||
      c.delta !== undefined ||
      c.min !== undefined ||
      c.gt !== undefined ||
      (c.max === undefined && c.lt === undefined))
  ) {
    at("metric", `${c.metric} is a drift metric: give only max, the largest acceptable PSI`);
  }
  return out;
}

function parseHours(hours: string): { start: number; end: number } | null {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(hours);
  return m ? { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) } : null;
}

const durationMs = durationMsOrNaN;

function duplicates(names: readonly string[]): number[] {
  return names.flatMap((n, i) => (names.indexOf(n) < i ? [i] : []));
}

/** Every cross-field problem of a schema-valid policy (empty when there is none). */
export function policySemanticIssues(policy: PolicyDocument): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  for (const gate of OFFLINE)
    policy.gates[gate].forEach((c, i) => out.push(...conditionIssues(c, ["gates", gate, i], false, policy, gate === "registry")));
  policy.gates.live.forEach((c, i) => out.push(...conditionIssues(c, ["gates", "live", i], true, policy)));
  policy.gates.burnIn?.conditions.forEach((c, i) => out.push(...conditionIssues(c, ["gates", "burnIn", "conditions", i], true, policy)));

  // The schema's "5%" form has no upper bound of its own.
  const share = (v: number | string | undefined, path: PathKey[]) => {
    if (typeof v === "string" && Number(v.slice(0, -1)) > 100) out.push({ path, message: "a share is at most 100%" });
  };
  share(policy.rollout.weight, ["rollout", "weight"]);
  share(policy.rollout.floor, ["rollout", "floor"]);
  policy.rollout.steps?.forEach((step, i) => {
    share(step.weight, ["rollout", "steps", i, "weight"]);
    share(step.sample, ["rollout", "steps", i, "sample"]);
  });

  if (policy.rollout.maxDuration !== undefined) {
    const planMs =
      policy.rollout.mode === "canary"
        ? (policy.rollout.steps ?? []).reduce((sum, st) => sum + durationMs(st.duration), 0)
        : durationMs(policy.rollout.duration ?? "1h");
    if (durationMs(policy.rollout.maxDuration) < planMs)
      out.push({
        path: ["rollout", "maxDuration"],
        message: `maxDuration is shorter than the plan's steps (${policy.rollout.maxDuration}): the rollout would end before its last step`,
      });
  }

  policy.promotionWindows.forEach((w, i) => {
    const span = parseHours(w.hours);
    if (span && span.start === span.end)
      out.push({ path: ["promotionWindows", i, "hours"], message: "an empty window: it starts and ends at the same time" });
    if (span && span.end > 24 * 60) out.push({ path: ["promotionWindows", i, "hours"], message: "a window ends at 24:00 at the latest" });
  });

  duplicates(policy.slos.map((s) => s.name)).forEach((i) => out.push({ path: ["slos", i, "name"], message: "another SLO has this name" }));
  policy.slos.forEach((slo, i) => {
    const metric = Object.hasOwn(policy.metrics, slo.metric) ? policy.metrics[slo.metric] : undefined;
    if (metric && metric.kind !== "proportion")
      out.push({
        path: ["slos", i, "metric"],
        message: `an SLO counts bad events: ${slo.metric} must be a proportion metric (it is ${metric.kind})`,
      });
    slo.rules.forEach((r, j) => {
      if (!(durationMs(r.short) < durationMs(r.long)))
        out.push({ path: ["slos", i, "rules", j, "short"], message: "the short window must be shorter than the long one" });
    });
  });

  duplicates(policy.approvals.roles.map((r) => r.name)).forEach((i) =>
    out.push({ path: ["approvals", "roles", i, "name"], message: "another role has this name" }),
  );
  policy.notifications.webhooks.forEach((w, i) => {
    if (!/^https?:\/\//i.test(w.url)) out.push({ path: ["notifications", "webhooks", i, "url"], message: "must be an http or https URL" });
  });
  // Names the policy uses that it does not define (program-aware checks on the server: policy-references.ts).
  out.push(...policyReferenceIssues(policy));
  return out;
}
