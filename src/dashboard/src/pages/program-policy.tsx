/** The policy in force as people read it: gates as sentences, the plan, approvals, SLOs; the document itself below. */
import { conditionLabel } from "../../../core/policy/label.js";
import type { StoredPolicy } from "../api/types.js";
import { formatTime } from "../components/format.js";
import { Empty } from "../components/states.js";

type Doc = StoredPolicy["document"];
const GATES: Array<{ key: "registry" | "preproduction" | "live"; title: string }> = [
  { key: "registry", title: "Registry gate (before a version is registered)" },
  { key: "preproduction", title: "Pre-production gate (offline, against the champion)" },
  { key: "live", title: "Live gate (shadow and canary steps)" },
];

function Steps({ doc }: { doc: Doc }) {
  const steps = doc.rollout.steps ?? [];
  if (steps.length === 0)
    return (
      <p>
        {doc.rollout.mode}
        {doc.rollout.duration ? ` for ${doc.rollout.duration}` : ""}
        {doc.rollout.weight !== undefined ? ` at ${String(doc.rollout.weight)}` : ""}
      </p>
    );
  return (
    <ol className="plan">
      {steps.map((s, i) => (
        <li key={i}>
          {s.shadow ? "shadow" : String(s.weight)} for at least {s.duration}, ≥ {s.minSamples} units per arm
          {s.approval ? ", then approval" : ""}
        </li>
      ))}
    </ol>
  );
}

export function PolicyView({ policy, program }: { policy: StoredPolicy | null; program: string }) {
  if (!policy)
    return (
      <Empty title="No policy applied">
        <p>
          Write one (see <code>examples/</code>) and apply it with <code>arena apply -f {program}.yaml</code>; until then rollouts cannot
          start.
        </p>
      </Empty>
    );
  const doc = policy.document;
  return (
    <div className="policy">
      <p className="muted">
        Revision {policy.revision}, applied by {policy.appliedBy} at {formatTime(policy.appliedAt)}.
      </p>
      <div className="cards">
        {GATES.map((g) => (
          <section className="card" key={g.key}>
            <h3>{g.title}</h3>
            {doc.gates[g.key].length === 0 ? (
              <p className="muted">no conditions</p>
            ) : (
              <ul>
                {doc.gates[g.key].map((c, i) => (
                  <li key={i}>
                    {conditionLabel(c, c.metric ? doc.metrics[c.metric]?.unit : undefined)}
                    {c.required ? "" : " (informational)"}
                  </li>
                ))}
              </ul>
            )}
            {g.key === "live" && (
              <p className="muted">
                ≥ {doc.gates.minSamples} units per arm, α = {doc.gates.alpha}
              </p>
            )}
          </section>
        ))}
        <section className="card">
          <h3>Rollout plan ({doc.rollout.mode})</h3>
          <Steps doc={doc} />
          {doc.gates.burnIn && (
            <p>
              Burn-in for {doc.gates.burnIn.duration}
              {doc.gates.burnIn.conditions.length
                ? `: ${doc.gates.burnIn.conditions.map((c) => conditionLabel(c, c.metric ? doc.metrics[c.metric]?.unit : undefined)).join("; ")}`
                : ""}
            </p>
          )}
          <p>
            Approvals:{" "}
            {doc.approvals.roles.length === 0
              ? "none required unless a step asks (any approver)"
              : doc.approvals.roles.map((r) => `${r.name} (${r.members.join(", ")})`).join("; ")}
          </p>
          {doc.slos.length > 0 && <p>SLOs: {doc.slos.map((s) => `${s.name}: ${s.metric} ${s.objective * 100} %`).join("; ")}</p>}
          {doc.promotionWindows.length > 0 && (
            <p>Promotion windows: {doc.promotionWindows.map((w) => `${w.days.join(",")} ${w.hours} UTC`).join("; ")}</p>
          )}
        </section>
      </div>
      <details>
        <summary>The policy document (JSON)</summary>
        <pre className="code">{JSON.stringify(doc, null, 2)}</pre>
      </details>
    </div>
  );
}
