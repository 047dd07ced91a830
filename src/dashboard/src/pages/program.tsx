/** One program: aliases and split, rollouts, alias history as a timeline, candidates, the policy in force. */
import { StatusBadge } from "../components/badges.js";
import { FreezeControls } from "../components/freeze-controls.js";
import { formatTime, relativeTime } from "../components/format.js";
import { Empty, ErrorBox, Loading } from "../components/states.js";
import { TrafficBar } from "../components/traffic-bar.js";
import { concerns, useLiveReload } from "../live.js";
import { Link, paths } from "../router.js";
import { useResource } from "../use-resource.js";
import { CandidatesTable } from "./program-candidates.js";
import { loadProgram, type ProgramData } from "./program-data.js";
import { PolicyView } from "./program-policy.js";

function AliasTimeline({ moves }: { moves: ProgramData["moves"] }) {
  if (moves.length === 0)
    return (
      <Empty title="No alias has moved yet">
        <p>
          Name a champion with <code>arena alias set PROGRAM champion VERSION --reason "…"</code>.
        </p>
      </Empty>
    );
  return (
    <ol className="timeline" aria-label="Alias moves, newest first">
      {moves.map((m) => (
        <li key={m.id} className={`move alias-${m.alias === "champion" ? "champion" : "other"}`}>
          <time dateTime={m.at}>{formatTime(m.at)}</time>
          <span className="what">
            <strong>@{m.alias}</strong> {m.fromVersion === null ? "(none)" : `v${m.fromVersion}`} →{" "}
            {m.toVersion === null ? "(unset)" : `v${m.toVersion}`}
          </span>
          <span className="who">by {m.actor}</span>
          <span className="why">{m.reason}</span>
        </li>
      ))}
    </ol>
  );
}

export function ProgramPage({ name }: { name: string }) {
  const res = useResource<ProgramData>(`program:${name}`, (signal) => loadProgram(name, signal));
  useLiveReload((e) => concerns(e, name), res.reload);
  const data = res.data;
  if (!data) return res.error ? <ErrorBox error={res.error} retry={() => void res.reload()} /> : <Loading what={name} />;
  const { program, rollouts, freezes } = data;
  const frozen = freezes.find((f) => f.program === name);
  const global = freezes.find((f) => f.program === null);
  const active = rollouts.find((r) => !["promoted", "rolled_back", "aborted", "not_promoted"].includes(r.status));
  return (
    <section className="page" data-ready="program">
      <p className="crumbs">
        <Link to="/">Overview</Link> › {name}
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        <FreezeControls program={name} frozen={frozen !== undefined} onDone={() => void res.reload()} />
      </div>
      {program.description && <p>{program.description}</p>}
      <p className="muted">
        Owners: {program.owners.length ? program.owners.join(", ") : "none named"} · created by {program.createdBy}{" "}
        {relativeTime(program.createdAt)}
      </p>
      {(frozen || global) && (
        <p className="banner frozen" role="status">
          <strong>Frozen</strong>{" "}
          {global ? `(global) by ${global.by}: ${global.reason}` : `by ${frozen!.by} since ${formatTime(frozen!.at)}: ${frozen!.reason}`}
        </p>
      )}
      {res.error && <ErrorBox error={res.error} />}

      <div className="cards">
        <section className="card" aria-labelledby="aliases-h">
          <h2 id="aliases-h">Aliases</h2>
          {program.aliases.length === 0 ? (
            <p className="muted">No alias set.</p>
          ) : (
            <dl className="aliases">
              {program.aliases.map((a) => (
                <div key={a.alias}>
                  <dt>@{a.alias}</dt>
                  <dd data-alias={a.alias}>
                    v{a.version}{" "}
                    <span className="muted">
                      since {formatTime(a.movedAt)} by {a.movedBy}
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <h3>Traffic</h3>
          <TrafficBar arms={program.traffic.arms} shadow={program.traffic.shadow} />
        </section>
        <section className="card" aria-labelledby="rollouts-h">
          <h2 id="rollouts-h">Rollouts</h2>
          {rollouts.length === 0 ? (
            <p className="muted">
              None yet. Start one with <code>arena rollout start {name} --challenger VERSION</code>.
            </p>
          ) : (
            <ul className="plain">
              {rollouts.slice(0, 10).map((r) => (
                <li key={r.id}>
                  <Link to={paths.rollout(r.id)}>
                    v{r.champion} vs {r.challengers.map((c) => `v${c.version}`).join(", ")}
                  </Link>{" "}
                  <StatusBadge status={r.status} paused={r.paused} />{" "}
                  <span className="muted">
                    started {formatTime(r.startedAt)} by {r.requestedBy}
                  </span>
                  {r === active && r.hold && <div className="reason">{r.hold}</div>}
                </li>
              ))}
            </ul>
          )}
          {active && (
            <p>
              <Link to={paths.rollout(active.id)}>Open the running rollout</Link> for its comparison and health.
            </p>
          )}
          <p>
            <Link to={paths.decisions(name)}>Decision records</Link> · <Link to={paths.audit({ program: name })}>Audit trail</Link>
          </p>
        </section>
      </div>

      <section aria-labelledby="history-h">
        <h2 id="history-h">Alias history</h2>
        <AliasTimeline moves={data.moves} />
      </section>
      <section aria-labelledby="candidates-h">
        <h2 id="candidates-h">Candidates</h2>
        <CandidatesTable candidates={data.candidates} aliases={program.aliases} />
      </section>
      <section aria-labelledby="policy-h">
        <h2 id="policy-h">Policy in force</h2>
        <PolicyView policy={data.policy} program={name} />
      </section>
    </section>
  );
}
