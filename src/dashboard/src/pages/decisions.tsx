/** Decision records of every program, or of one program (optionally one rollout), newest first, with their plain-language summaries. */
import { useState } from "react";
import { api, enc } from "../api/client.js";
import type { Decision, Overview } from "../api/types.js";
import { DecisionList } from "../components/decision-list.js";
import { Empty, ErrorBox, Loading } from "../components/states.js";
import { concerns, useLiveReload } from "../live.js";
import { navigate, paths } from "../router.js";
import { useResource } from "../use-resource.js";

/** Records drawn at once; older ones behind a button (each record may hold several forest plots). */
const SHOWN = 200;
/** Pages of 1,000 read at most: the newest 20,000 records of the filter. */
const MAX_PAGES = 20;

/** Every record of the filter, oldest first, following the list's `next` (GET /v1/decisions). */
async function loadDecisions(
  program: string | null,
  rollout: string | null,
  signal: AbortSignal,
): Promise<{ decisions: Decision[]; truncated: boolean }> {
  const filter = `${program ? `&program=${enc(program)}` : ""}${rollout ? `&rollout=${enc(rollout)}` : ""}`;
  const out: Decision[] = [];
  let after: number | null = 0;
  for (let pages = 0; after !== null; pages++) {
    if (pages === MAX_PAGES) return { decisions: out, truncated: true };
    const res: { decisions: Decision[]; next: number | null } = await api(`/v1/decisions?limit=1000&after=${after}${filter}`, { signal });
    out.push(...res.decisions);
    after = res.next;
  }
  return { decisions: out, truncated: false };
}

export function DecisionsPage({ program, rollout }: { program: string | null; rollout: string | null }) {
  const programs = useResource<string[]>("program-names", async (signal) =>
    (await api<Overview>("/v1/dashboard/overview", { signal })).programs.map((p) => p.name),
  );
  const key = `decisions:${program ?? "*"}:${rollout ?? ""}`;
  const decisions = useResource(key, (signal) => loadDecisions(program, rollout, signal));
  const [shown, setShown] = useState({ key, count: SHOWN });
  const count = shown.key === key ? shown.count : SHOWN;
  useLiveReload((e) => (program === null ? concerns(e) : concerns(e, program)), decisions.reload);

  if (programs.error) return <ErrorBox error={programs.error} retry={() => void programs.reload()} />;
  if (!programs.data) return <Loading what="programs" />;
  const all = decisions.data?.decisions ?? [];
  const newest = all.slice(Math.max(0, all.length - count));
  const scope = program ?? "any program";
  return (
    <section className="page" data-ready="decisions">
      <h1>Decisions</h1>
      {programs.data.length === 0 ? (
        <Empty title="No programs, so no decisions yet">
          <p>
            Decisions are recorded for every gate evaluation, step, hold, approval, promotion and rollback once a program has a policy and a
            rollout.
          </p>
        </Empty>
      ) : (
        <>
          <div className="filters">
            <label>
              Program{" "}
              <select value={program ?? ""} onChange={(e) => navigate(paths.decisions(e.target.value || undefined))}>
                <option value="">All programs</option>
                {programs.data.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            {rollout && (
              <span>
                rollout {rollout.slice(0, 8)}{" "}
                <button type="button" className="link-button" onClick={() => navigate(paths.decisions(program ?? undefined))}>
                  show all rollouts
                </button>
              </span>
            )}
            {decisions.data && (
              <span className="muted" data-testid="decision-count">
                {all.length}
                {decisions.data.truncated ? "+" : ""} record{all.length === 1 ? "" : "s"}, newest first
              </span>
            )}
          </div>
          {decisions.error && <ErrorBox error={decisions.error} retry={() => void decisions.reload()} />}
          {!decisions.data ? (
            !decisions.error && <Loading what="decisions" />
          ) : all.length === 0 ? (
            <Empty title={`No decisions for ${scope} yet`}>
              <p>
                Start a rollout (<code>arena rollout start {program ?? "PROGRAM"} --challenger VERSION</code>); every look that changes
                something is recorded here.
              </p>
            </Empty>
          ) : (
            <>
              <DecisionList decisions={newest} showRollout={!rollout} showProgram={program === null} />
              {newest.length < all.length && (
                <button type="button" onClick={() => setShown({ key, count: count + SHOWN })}>
                  Show {Math.min(SHOWN, all.length - newest.length)} older
                </button>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
