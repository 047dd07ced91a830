/** The gate checklist: everything that must hold before the rollout moves on, each with its state. */
import type { ConditionResult } from "../api/types.js";
import { VerdictBadge } from "../components/badges.js";
import { describe } from "./describe.js";
import { comparisons, isEnded, srmVerdict, type RolloutData } from "./data.js";
import { missingRoles } from "./next.js";

interface Item {
  key: string;
  verdict: "pass" | "fail" | "no_data" | "inconclusive" | "skipped";
  text: string;
}

export function Checklist({ data }: { data: RolloutData }) {
  const r = data.rollout;
  const obs = data.analysis.observation;
  const items: Item[] = [];
  if (obs && r.status !== "burn_in") {
    // An unchecked ratio (too few exposures yet, or a shadow step) is skipped, never a pass.
    items.push({
      key: "srm",
      verdict: srmVerdict(obs.srm),
      text: `Sample ratio as planned${obs.srm.summary ? `: ${obs.srm.summary}` : ""}`,
    });
    const step = r.plan.steps[r.stepIndex];
    // An ended rollout's evaluation without challengers (it ended in burn-in) judged no step.
    if (step && obs.challengers.length > 0) {
      const end = Date.parse(r.stepStartedAt) + step.durationMs;
      const timeOk = Date.parse(obs.now) >= end || r.status === "awaiting_approval";
      items.push({ key: "time", verdict: timeOk ? "pass" : "inconclusive", text: `Step ${r.stepIndex + 1} has run its minimum time` });
      const counts = [
        { label: `v${r.champion}`, n: obs.championSamples },
        ...obs.challengers.map((c) => ({ label: `v${c.version}`, n: c.samples })),
      ];
      const enough = counts.every((c) => c.n >= step.minSamples);
      items.push({
        key: "samples",
        verdict: enough ? "pass" : counts.every((c) => c.n === 0) ? "no_data" : "inconclusive",
        text: `≥ ${step.minSamples} units per arm: ${counts.map((c) => `${c.label} ${c.n}`).join(", ")}`,
      });
    }
    for (const c of obs.challengers) {
      items.push({
        key: `burn-${c.version}`,
        verdict: c.burn.severity === "none" ? "pass" : c.burn.severity === "no_data" ? "no_data" : "fail",
        text: `v${c.version} error budget: ${c.burn.summary}`,
      });
    }
    if (obs.burnInBurn && r.promoted !== null) {
      const b = obs.burnInBurn;
      items.push({
        key: "burn-in-burn",
        verdict: b.severity === "none" ? "pass" : b.severity === "no_data" ? "no_data" : "fail",
        text: `v${r.promoted} error budget in burn-in: ${b.summary}`,
      });
    }
    if (!isEnded(r)) {
      items.push({
        key: "freeze",
        verdict: obs.freeze.frozen ? "fail" : "pass",
        text: obs.freeze.frozen ? obs.freeze.summary : "Not frozen",
      });
      items.push({
        key: "window",
        verdict: obs.promotionWindow.open ? "pass" : "inconclusive",
        text: obs.promotionWindow.summary || "Promotion window open",
      });
    }
  }
  for (const c of comparisons(data)) {
    for (const res of c.results.filter((x: ConditionResult) => x.required && (!x.segment || x.segment === "all"))) {
      items.push({ key: `${c.version}-${res.id}`, verdict: res.verdict, text: `v${c.version}: ${res.label} — ${describe(res)}` });
    }
  }
  const needsApproval = r.plan.approvalRoles.length > 0 || r.plan.steps.some((s) => s.approval);
  if (needsApproval) {
    const missing = r.status === "awaiting_approval" || r.status === "running" ? missingRoles(r) : [];
    for (const a of r.approvals)
      items.push({ key: `ok-${a.role}`, verdict: "pass", text: `Approved as ${a.role} by ${a.by}${a.comment ? `: “${a.comment}”` : ""}` });
    for (const role of missing)
      items.push({
        key: `need-${role}`,
        verdict: "inconclusive",
        text: `Approval needed from ${role}${r.plan.approvalRoles.find((x) => x.name === role)?.members.length ? ` (${r.plan.approvalRoles.find((x) => x.name === role)!.members.join(", ")})` : ""}, never the requester (${r.requestedBy})`,
      });
  }
  if (items.length === 0) return <p className="muted">Nothing to check: the rollout ended. Its decisions below say why.</p>;
  return (
    <ul className="checklist">
      {items.map((i) => (
        <li key={i.key}>
          <VerdictBadge verdict={i.verdict} /> <span>{i.text}</span>
        </li>
      ))}
    </ul>
  );
}
