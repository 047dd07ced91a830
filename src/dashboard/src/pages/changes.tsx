/** Change requests: protected changes waiting for a second principal; approve or reject them here. */
import { useState } from "react";
import { api } from "../api/client.js";
import type { ChangeRequest } from "../api/types.js";
import { useAuth, useCan } from "../auth.js";
import { ActionDialog, type ActionSpec } from "../components/action-dialog.js";
import { formatTime } from "../components/format.js";
import { Empty, ErrorBox, Loading } from "../components/states.js";
import { useLiveReload } from "../live.js";
import { useResource } from "../use-resource.js";

const enc = encodeURIComponent;
const show = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 1));
const open = (c: ChangeRequest) => c.requiredRoles.filter((r) => !c.approvals.some((a) => a.role === r.name));

function ChangeCard({ c, onDone }: { c: ChangeRequest; onDone: () => void }) {
  const { who } = useAuth();
  const canApprove = useCan("rollout:approve");
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const mine = who !== null && who.principalId === c.requestedBy.id;
  const roles = open(c).filter((r) => r.members === null || (who !== null && r.members.includes(who.name)));
  const post = (action: string, body: unknown) => api(`/v1/changes/${enc(c.id)}/${action}`, { method: "POST", body });
  return (
    <article className="card change" aria-label={`Change request ${c.id}`}>
      <h2>
        {c.kind} on {c.program ?? "every program"} <span className={`badge status-${c.status}`}>{c.status}</span>
      </h2>
      <p>
        Requested by <strong>{c.requestedBy.name}</strong> {formatTime(c.requestedAt)}: {c.reason}
      </p>
      <p className="muted">Needs approval because {c.protectedBecause}.</p>
      <table className="diff">
        <thead>
          <tr>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <pre>{show(c.diff.before)}</pre>
            </td>
            <td>
              <pre>{show(c.diff.after)}</pre>
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        Sign-offs:{" "}
        {c.requiredRoles.map((r) => {
          const signed = c.approvals.find((a) => a.role === r.name);
          return (
            <span key={r.name} className="signoff">
              {r.name}
              {r.members ? ` (${r.members.join(", ")})` : ""}: {signed ? `✓ ${signed.by.name}` : "waiting"}{" "}
            </span>
          );
        })}
      </p>
      {c.status === "pending" && mine && (
        <div className="actions" role="group" aria-label={`Actions on ${c.id}`}>
          <p className="muted">You requested this change: another principal must approve it.</p>
          <button
            type="button"
            className="danger-outline"
            onClick={() =>
              setSpec({
                title: `Withdraw ${c.kind} on ${c.program ?? "every program"}`,
                description: "Withdraws your request; nothing is applied.",
                confirmLabel: "Withdraw",
                destructive: true,
                fields: [{ name: "reason", label: "Reason", kind: "textarea", required: true }],
                run: (v) => post("reject", { reason: v.reason }),
              })
            }
          >
            Withdraw…
          </button>
        </div>
      )}
      {c.status === "pending" && !mine && canApprove && (
        <div className="actions" role="group" aria-label={`Actions on ${c.id}`}>
          {roles.length > 0 ? (
            <button
              type="button"
              className="primary"
              onClick={() =>
                setSpec({
                  title: `Approve ${c.kind} on ${c.program ?? "every program"}`,
                  description: "Signs off for one role. When every role has signed, the change is applied at once, in the same step.",
                  confirmLabel: "Approve",
                  fields: [
                    {
                      name: "role",
                      label: "Approval role",
                      kind: "select",
                      required: true,
                      options: roles.map((r) => ({ value: r.name, label: r.name })),
                    },
                    { name: "comment", label: "Comment", kind: "textarea" },
                  ],
                  run: (v) => post("approve", { role: v.role, comment: v.comment ?? "" }),
                })
              }
            >
              Approve…
            </button>
          ) : (
            <p className="muted">You are not a member of a role this change still needs.</p>
          )}
          <button
            type="button"
            className="danger"
            onClick={() =>
              setSpec({
                title: `Reject ${c.kind} on ${c.program ?? "every program"}`,
                description: "Refuses the change; nothing is applied.",
                confirmLabel: "Reject",
                destructive: true,
                fields: [{ name: "reason", label: "Reason", kind: "textarea", required: true }],
                run: (v) => post("reject", { reason: v.reason }),
              })
            }
          >
            Reject…
          </button>
        </div>
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
    </article>
  );
}

export function ChangesPage() {
  const res = useResource<ChangeRequest[]>(
    "changes",
    async (signal) => (await api<{ changes: ChangeRequest[] }>("/v1/changes?status=pending", { signal })).changes,
  );
  useLiveReload((e) => e.type === "hello" || e.type === "change", res.reload, 2_000);
  const data = res.data;
  return (
    <section className="page" data-ready={data ? "changes" : undefined}>
      <h1>Change requests</h1>
      <p className="muted">
        Protected changes (moving an alias forward, raising a challenger's traffic, a policy change, lifting a freeze) wait here for a
        principal other than the requester.
      </p>
      {res.error && <ErrorBox error={res.error} retry={() => void res.reload()} />}
      {!data ? (
        !res.error && <Loading what="change requests" />
      ) : data.length === 0 ? (
        <Empty title="No change request is waiting" />
      ) : (
        data.map((c) => <ChangeCard key={c.id} c={c} onDone={() => void res.reload()} />)
      )}
    </section>
  );
}
