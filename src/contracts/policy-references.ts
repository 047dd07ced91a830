/**
 * Program-aware checks of a policy: every metric, segment and approval role it
 * names must exist, else the name is refused with a did-you-mean, at the path of
 * the value at fault (so `apply`, `diff`, `gate` and the server report it with
 * line and column). A typo in a live-gate metric used to pass and hold the
 * rollout forever ("metric false_positive_rate is not defined for this program").
 */
import { didYouMean } from "../core/policy/did-you-mean.js";
import type { Condition, PolicyDocument } from "./policy.js";
import type { PathKey } from "./policy-locate.js";
import type { SemanticIssue } from "./policy-semantics.js";

export { didYouMean };

/** What the program knows beyond the policy itself (on the server: its registered metric definitions and token names). */
export interface ProgramNames {
  /** Metric names defined for the program (besides the policy's own `metrics`). */
  metrics?: readonly string[];
  /** Offline metric names its candidates carry (registry and pre-production gates). */
  offlineMetrics?: readonly string[];
  /** Principals (token names) that may sign off as members of approval roles. */
  principals?: readonly string[];
}

function knownList(names: readonly string[]): string {
  return names.length === 0 ? "none is defined" : `defined: ${[...names].sort().slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""}`;
}

/** Every name the policy uses that the policy (and the program, when given) does not define. */
export function policyReferenceIssues(policy: PolicyDocument, program: ProgramNames = {}): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const live = [...new Set([...Object.keys(policy.metrics), ...(program.metrics ?? [])])];
  const liveMetric = (name: string | undefined, path: PathKey[]) => {
    if (name === undefined || live.includes(name)) return;
    out.push({ path, message: `metric ${name} is not defined${didYouMean(name, live)}: define it under metrics (${knownList(live)})` });
  };
  const conditions = (list: readonly Condition[], path: PathKey[]) =>
    list.forEach((c, i) => {
      liveMetric(c.metric, [...path, i, "metric"]);
      if (c.everySegment && policy.segments.length === 0)
        out.push({ path: [...path, i, "everySegment"], message: "everySegment needs segments: declare them under segments" });
    });
  conditions(policy.gates.live, ["gates", "live"]);
  conditions(policy.gates.burnIn?.conditions ?? [], ["gates", "burnIn", "conditions"]);
  policy.slos.forEach((slo, i) => liveMetric(slo.metric, ["slos", i, "metric"]));
  liveMetric(policy.rollout.primary, ["rollout", "primary"]);

  // Offline conditions name metrics that candidates carry; checked when the program's are known.
  if (program.offlineMetrics && program.offlineMetrics.length > 0) {
    const offline = [...new Set([...program.offlineMetrics, ...Object.keys(policy.offlineMetrics), ...live])];
    for (const gate of ["registry", "preproduction"] as const) {
      policy.gates[gate].forEach((c, i) => {
        if (c.metric !== undefined && !offline.includes(c.metric)) {
          out.push({
            path: ["gates", gate, i, "metric"],
            message: `no candidate of this program carries metric ${c.metric}${didYouMean(c.metric, offline)}`,
          });
        }
      });
    }
  }
  // Offline units for a metric that is also defined live would be two units for one name.
  for (const name of Object.keys(policy.offlineMetrics)) {
    if (Object.hasOwn(policy.metrics, name))
      out.push({ path: ["offlineMetrics", name], message: `${name} is defined under metrics already; its unit comes from there` });
  }
  if (program.principals) {
    const principals = program.principals;
    policy.approvals.roles.forEach((role, i) =>
      role.members.forEach((m, j) => {
        if (!principals.includes(m))
          out.push({
            path: ["approvals", "roles", i, "members", j],
            message: `no token is named ${m}${didYouMean(m, principals)}: members are token names`,
          });
      }),
    );
  }
  return out;
}
