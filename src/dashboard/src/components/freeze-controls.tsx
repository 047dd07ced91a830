/** Freeze and unfreeze, globally or for one program (operators and admins only). */
import { useState } from "react";
import { api, enc } from "../api/client.js";
import { useCan } from "../auth.js";
import { ActionDialog, type ActionSpec } from "./action-dialog.js";

export function FreezeControls({ program, frozen, onDone }: { program: string | null; frozen: boolean; onDone: () => void }) {
  const can = useCan("freeze:write");
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  if (!can) return null;
  const scope = program ? `rollouts of ${program}` : "every rollout of every program";
  const freeze: ActionSpec = {
    title: program ? `Freeze ${program}` : "Freeze all promotions",
    description: `Holds ${scope} at their current step: nothing is promoted or ramped until the freeze is lifted. Automatic rollbacks still happen.`,
    confirmLabel: "Freeze",
    destructive: true,
    fields: [{ name: "reason", label: "Reason", kind: "text", required: true, help: "e.g. incident INC-42" }],
    run: (v) => api("/v1/freeze", { method: "POST", body: { program, reason: v.reason } }),
  };
  const unfreeze: ActionSpec = {
    title: program ? `Lift the freeze of ${program}` : "Lift the global freeze",
    description: `Lets ${scope} move again at their next look.${program ? " A global freeze, if any, still holds." : ""}`,
    confirmLabel: "Unfreeze",
    fields: [],
    run: () => api(`/v1/freeze${program ? `?program=${enc(program)}` : ""}`, { method: "DELETE" }),
  };
  return (
    <>
      <button type="button" className={frozen ? "" : "danger-outline"} onClick={() => setSpec(frozen ? unfreeze : freeze)}>
        {frozen ? (program ? "Unfreeze program" : "Lift global freeze") : program ? "Freeze program" : "Freeze all"}
      </button>
      {spec && (
        <ActionDialog
          spec={spec}
          onClose={(done) => {
            setSpec(null);
            if (done) onDone();
          }}
        />
      )}
    </>
  );
}
