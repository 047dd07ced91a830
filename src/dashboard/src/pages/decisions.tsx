/** Decision records of a program (optionally one rollout), with their plain-language summaries. */
import { api, enc } from "../api/client.js";
import type { Decision, Overview } from "../api/types.js";
import { DecisionList } from "../components/decision-list.js";
import { Empty, ErrorBox, Loading } from "../components/states.js";
import { concerns, useLiveReload } from "../live.js";
import { navigate, paths } from "../router.js";
import { useResource } from "../use-resource.js";

export function DecisionsPage({ program, rollout }: { program: string | null; rollout: string | null }) {
  const programs = useResource<string[]>("program-names", async (signal) => (await api<Overview>("/v1/dashboard/overview", { signal })).programs.map((p) => p.name));
  const chosen = program ?? programs.data?.[0] ?? null;
  const decisions = useResource<Decision[]>(chosen ? `decisions:${chosen}:${rollout ?? ""}` : null, async (signal) => {
    const q = `limit=1000${rollout ? `&rollout=${enc(rollout)}` : ""}`;
    return (await api<{ decisions: Decision[] }>(`/v1/programs/${enc(chosen!)}/decisions?${q}`, { signal })).decisions;
  });
  useLiveReload((e) => chosen !== null && concerns(e, chosen), decisions.reload);

  if (programs.error) return <ErrorBox error={programs.error} retry={() => void programs.reload()} />;
  if (!programs.data) return <Loading what="programs" />;
  return (
    <section className="page" data-ready="decisions">
      <h1>Decisions</h1>
      {programs.data.length === 0 ? (
        <Empty title="No programs, so no decisions yet"><p>Decisions are recorded for every gate evaluation, step, hold, approval, promotion and rollback once a program has a policy and a rollout.</p></Empty>
      ) : (
        <>
          <div className="filters">
            <label>
              Program{" "}
              <select value={chosen ?? ""} onChange={(e) => navigate(paths.decisions(e.target.value))}>
                {programs.data.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
            </label>
            {rollout && (
              <span>
                rollout {rollout.slice(0, 8)} <button type="button" className="link-button" onClick={() => navigate(paths.decisions(chosen ?? undefined))}>show all rollouts</button>
              </span>
            )}
          </div>
          {decisions.error && <ErrorBox error={decisions.error} retry={() => void decisions.reload()} />}
          {!decisions.data ? (
            !decisions.error && <Loading what="decisions" />
          ) : decisions.data.length === 0 ? (
            <Empty title={`No decisions for ${chosen} yet`}><p>Start a rollout (<code>arena rollout start {chosen} --challenger VERSION</code>); every look that changes something is recorded here.</p></Empty>
          ) : (
            <DecisionList decisions={decisions.data} showRollout={!rollout} />
          )}
        </>
      )}
    </section>
  );
}
