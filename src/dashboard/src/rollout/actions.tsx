/**
 * Actions on a rollout, each shown only to roles that may take it and only in
 * states where it applies; every one goes through the same API as the CLI and
 * lands in the audit trail.
 */
import { useState } from "react";
import { api, enc } from "../api/client.js";
import type { Rollout } from "../api/types.js";
import { useAuth, useCan } from "../auth.js";
import { ActionDialog, type ActionSpec } from "../components/action-dialog.js";
import { signOffFor } from "./may.js";

const reason = {
  name: "reason",
  label: "Reason",
  kind: "text" as const,
  required: true,
  help: "Recorded in the decision record and the audit trail.",
};

export function RolloutActions({ rollout: r, onDone }: { rollout: Rollout; onDone: () => void }) {
  const canWrite = useCan("rollout:write");
  const canApprove = useCan("rollout:approve");
  const { who } = useAuth();
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const [error, setError] = useState<string | null>(null);
  const post = (action: string, body?: unknown) =>
    api(`/v1/rollouts/${enc(r.id)}/${action}`, { method: "POST", ...(body !== undefined ? { body } : {}) });
  const live = r.status === "running" || r.status === "awaiting_approval";
  const buttons: Array<{ label: string; className?: string; spec?: ActionSpec; now?: () => Promise<unknown> }> = [];

  const signOff = signOffFor(r, who, canApprove);
  if (signOff.approveAs.length > 0) {
    const options = signOff.approveAs.map((role) => ({ value: role, label: role }));
    buttons.push({
      label: "Approve…",
      className: "primary",
      spec: {
        title: `Approve the promotion of ${r.challengers
          .filter((c) => c.status === "active")
          .map((c) => `v${c.version}`)
          .join(", ")}`,
        description: `Signs off for one approval role. When every role has signed, the controller promotes at its next look, if every required condition still passes. The requester (${r.requestedBy}) cannot approve.`,
        confirmLabel: "Approve",
        fields: [
          { name: "role", label: "Approval role", kind: "select", required: true, options },
          { name: "comment", label: "Comment", kind: "textarea" },
        ],
        run: (v) => post("approve", { role: v.role, comment: v.comment ?? "" }),
      },
    });
  }
  if (signOff.reject) {
    buttons.push({
      label: "Reject…",
      className: "danger",
      spec: {
        title: "Reject the promotion",
        description: "Refuses the promotion: the rollout is aborted and the champion serves alone.",
        confirmLabel: "Reject",
        destructive: true,
        fields: [reason],
        run: (v) => post("reject", { reason: v.reason }),
      },
    });
  }
  if (canWrite) {
    if (live && !r.paused) buttons.push({ label: "Pause", now: () => post("pause") });
    if (live && r.paused) buttons.push({ label: "Resume", className: "primary", now: () => post("resume") });
    if (r.status === "running") {
      buttons.push({
        label: "Promote now…",
        spec: {
          title: "Promote now",
          description: "Skips the remaining steps. It still promotes only once every required condition passes and the approvals are in.",
          confirmLabel: "Promote",
          destructive: true,
          fields: [],
          run: () => post("promote"),
        },
      });
    }
    if (live || r.status === "burn_in") {
      buttons.push({
        label: "Roll back…",
        className: "danger",
        spec: {
          title: "Roll back",
          description:
            r.status === "burn_in"
              ? `Moves @champion back from v${r.promoted} to v${r.champion} now. Serving follows within a second.`
              : `Stops serving the challengers now; the champion v${r.champion} serves everyone.`,
          confirmLabel: "Roll back",
          destructive: true,
          fields: [reason],
          run: (v) => post("rollback", { reason: v.reason }),
        },
      });
    }
    if (live)
      buttons.push({
        label: "Abort…",
        className: "danger-outline",
        spec: {
          title: "Abort the rollout",
          description: "Ends it without promotion; the champion serves alone.",
          confirmLabel: "Abort",
          destructive: true,
          fields: [reason],
          run: (v) => post("abort", { reason: v.reason }),
        },
      });
  }
  if (buttons.length === 0) return signOff.why ? <p className="muted sign-off-why">{signOff.why}</p> : null;
  return (
    <div className="actions" role="group" aria-label="Rollout actions">
      {buttons.map((b) => (
        <button
          key={b.label}
          type="button"
          className={b.className}
          onClick={() => {
            setError(null);
            if (b.spec) setSpec(b.spec);
            else void b.now!().then(onDone, (e: Error) => setError(e.message));
          }}
        >
          {b.label}
        </button>
      ))}
      {signOff.why && <p className="muted sign-off-why">{signOff.why}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {spec && (
        <ActionDialog
          spec={spec}
          onClose={(done) => {
            setSpec(null);
            if (done) onDone();
          }}
        />
      )}
    </div>
  );
}
