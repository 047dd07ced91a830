/** One rollout: the comparison as a picture, its signals, its checklist and steps, its decisions; live. */
import type { LiveEvent } from "../api/types.js";
import { HealthBadge, StatusBadge } from "../components/badges.js";
import { DecisionList } from "../components/decision-list.js";
import { formatTime } from "../components/format.js";
import { ErrorBox, Loading } from "../components/states.js";
import { concerns, useLiveReload } from "../live.js";
import { RolloutActions } from "../rollout/actions.js";
import { Checklist } from "../rollout/checklist.js";
import { Comparison } from "../rollout/comparison.js";
import { evidenceLabel, isEnded, loadRollout, type RolloutData } from "../rollout/data.js";
import { SeriesPanel } from "../rollout/series-panel.js";
import { BurnRates, SampleRatio } from "../rollout/signals.js";
import { StepTimeline } from "../rollout/steps.js";
import { Link, paths } from "../router.js";
import { useResource } from "../use-resource.js";

export function RolloutPage({ id }: { id: string }) {
  const res = useResource<RolloutData>(`rollout:${id}`, (signal) => loadRollout(id, signal));
  const data = res.data;
  // Changes to this program, and every tick while it runs (telemetry moves the numbers without any decision).
  const relevant = (e: LiveEvent) =>
    data
      ? concerns(e, data.rollout.program) ||
        (e.type === "change" && e.rollouts.includes(id)) ||
        (e.type === "tick" && !isEnded(data.rollout))
      : e.type !== "tick";
  useLiveReload(relevant, res.reload);
  if (!data) return res.error ? <ErrorBox error={res.error} retry={() => void res.reload()} /> : <Loading what="the rollout" />;

  const r = data.rollout;
  const obs = data.analysis.observation;
  const ended = !data.analysis.live;
  const champion = data.program.aliases.find((a) => a.alias === "champion");
  return (
    <section className="page" data-ready="rollout">
      <p className="crumbs">
        <Link to="/">Overview</Link> › <Link to={paths.program(r.program)}>{r.program}</Link> › rollout {r.id.slice(0, 8)}
      </p>
      <div className="page-head">
        <h1>
          {r.program}: v{r.champion} vs {r.challengers.map((c) => `v${c.version}`).join(", ")}
        </h1>
        <RolloutActions rollout={r} onDone={() => void res.reload()} />
      </div>
      <div className="facts">
        <StatusBadge status={r.status} paused={r.paused} />
        <HealthBadge health={data.analysis.health} reason={data.analysis.healthReason} />
        <span className="champion-now" data-testid="champion-now">
          @champion → {champion ? `v${champion.version}` : "not set"}
        </span>
        <span className="muted">
          started {formatTime(r.startedAt)} by {r.requestedBy} · {r.plan.mode} · policy revision {r.policyRevision}
        </span>
      </div>
      {data.analysis.health !== "idle" && <p className="health-reason">{data.analysis.healthReason}</p>}
      {r.challengers.some((c) => c.reason) && (
        <ul className="plain">
          {r.challengers
            .filter((c) => c.reason)
            .map((c) => (
              <li key={c.version}>
                v{c.version} {c.status.replace("_", " ")}: {c.reason}
              </li>
            ))}
        </ul>
      )}
      {res.error && <ErrorBox error={res.error} />}

      <section aria-labelledby="cmp-h">
        <h2 id="cmp-h">Comparison with the champion</h2>
        <Comparison data={data} />
      </section>
      <div className="cards">
        <section className="card" aria-labelledby="check-h">
          <h2 id="check-h">Gate checklist{ended && <span className="muted"> ({evidenceLabel(data)})</span>}</h2>
          <Checklist data={data} />
        </section>
        <section className="card" aria-labelledby="steps-h">
          <h2 id="steps-h">Steps</h2>
          <StepTimeline rollout={r} />
        </section>
      </div>
      <section aria-labelledby="series-h">
        <h2 id="series-h">Per variant over time</h2>
        <SeriesPanel data={data} />
      </section>
      <div className="cards">
        <section className="card" aria-labelledby="srm-h">
          <h2 id="srm-h">Sample ratio check{ended && <span className="muted"> ({evidenceLabel(data)})</span>}</h2>
          <SampleRatio arms={data.analysis.srmArms} srm={obs && r.status !== "burn_in" ? obs.srm : null} />
        </section>
        <section className="card" aria-labelledby="burn-h">
          <h2 id="burn-h">Error-budget burn rate{ended && <span className="muted"> ({evidenceLabel(data)})</span>}</h2>
          <BurnRates
            rows={data.analysis.burn}
            sloCount={data.policy ? data.policy.document.slos.length : null}
            ended={!data.analysis.live}
          />
        </section>
      </div>
      <section aria-labelledby="dec-h">
        <h2 id="dec-h">Decisions</h2>
        {data.decisions.length === 0 ? <p className="muted">No decision recorded yet.</p> : <DecisionList decisions={data.decisions} />}
      </section>
    </section>
  );
}
