/** Every program at a glance: champion, running rollout, split, health, freeze. */
import { useMemo, useState } from "react";
import { api } from "../api/client.js";
import { takePrefetched } from "../api/prefetch.js";
import type { Health, Overview, OverviewProgram } from "../api/types.js";
import { HealthBadge, StatusBadge } from "../components/badges.js";
import { FreezeControls } from "../components/freeze-controls.js";
import { formatTime } from "../components/format.js";
import { Empty, ErrorBox, Loading } from "../components/states.js";
import { TrafficBar } from "../components/traffic-bar.js";
import { concerns, useLiveReload } from "../live.js";
import { Link, paths } from "../router.js";
import { useResource } from "../use-resource.js";

const HEALTHS: Health[] = ["failing", "no_data", "holding", "passing", "idle"];
const HEALTH_LABEL: Record<Health, string> = {
  failing: "Failing",
  no_data: "No data",
  holding: "Holding",
  passing: "Passing",
  idle: "None running",
};

function RolloutCell({ p }: { p: OverviewProgram }) {
  const r = p.rollout;
  if (!r) return <span className="muted">none yet</span>;
  const challengers = r.challengers.map((c) => `v${c.version}`).join(", ");
  return (
    <>
      <Link to={paths.rollout(r.id)}>
        v{r.champion} vs {challengers}
      </Link>{" "}
      <StatusBadge status={r.status} paused={r.paused} />
      {r.status === "running" && (
        <span className="muted">
          {" "}
          step {r.step}/{r.steps} ({r.stepLabel})
        </span>
      )}
      {r.awaiting.length > 0 && <span className="muted"> needs {r.awaiting.join(", ")}</span>}
    </>
  );
}

export function OverviewPage() {
  const overview = useResource<Overview>(
    "overview",
    (signal) => takePrefetched<Overview>("/v1/dashboard/overview") ?? api<Overview>("/v1/dashboard/overview", { signal }),
  );
  useLiveReload((e) => concerns(e), overview.reload, 1_500);
  const [query, setQuery] = useState("");
  const [health, setHealth] = useState<Health | "all">("all");
  const data = overview.data;

  const counts = useMemo(() => {
    const c: Record<Health, number> = { passing: 0, holding: 0, failing: 0, no_data: 0, idle: 0 };
    for (const p of data?.programs ?? []) c[p.health]++;
    return c;
  }, [data]);
  const shown = useMemo(
    () =>
      (data?.programs ?? []).filter(
        (p) => (health === "all" || p.health === health) && (!query || p.name.includes(query.trim().toLowerCase())),
      ),
    [data, query, health],
  );

  if (!data) return overview.error ? <ErrorBox error={overview.error} retry={() => void overview.reload()} /> : <Loading what="programs" />;
  const running = data.programs.filter((p) => p.health !== "idle").length;
  return (
    <section className="page" data-ready="overview">
      <div className="page-head">
        <h1>Overview</h1>
        <FreezeControls program={null} frozen={data.globalFreeze !== null} onDone={() => void overview.reload()} />
      </div>
      {data.globalFreeze && (
        <p className="banner frozen" role="status">
          <strong>All promotions are frozen</strong> by {data.globalFreeze.by} since {formatTime(data.globalFreeze.at)}:{" "}
          {data.globalFreeze.reason}. Running rollouts hold; rollbacks still happen.
        </p>
      )}
      {overview.error && <ErrorBox error={overview.error} />}
      {data.programs.length === 0 ? (
        <Empty title="No programs yet">
          <p>
            A program is one slot with one champion. Create one from a policy file with <code>arena apply -f policy.yaml</code>, or with{" "}
            <code>arena program create NAME</code>; it appears here at once.
          </p>
        </Empty>
      ) : (
        <>
          <p className="summary">
            {data.programs.length} programs, {running} with a running rollout.
          </p>
          <div className="filters" role="group" aria-label="Filter programs">
            <label>
              Name contains <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. fraud" />
            </label>
            <label>
              Health{" "}
              <select value={health} onChange={(e) => setHealth(e.target.value as Health | "all")}>
                <option value="all">all ({data.programs.length})</option>
                {HEALTHS.map((h) => (
                  <option key={h} value={h}>
                    {HEALTH_LABEL[h]} ({counts[h]})
                  </option>
                ))}
              </select>
            </label>
          </div>
          {shown.length === 0 ? (
            <Empty title="No program matches these filters">
              <p>Clear the name filter or choose "all" health.</p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="overview">
                <caption className="sr-only">Programs with their champion, latest rollout, traffic split, health and freeze</caption>
                <thead>
                  <tr>
                    <th scope="col">Program</th>
                    <th scope="col">Champion</th>
                    <th scope="col">Rollout</th>
                    <th scope="col">Traffic</th>
                    <th scope="col">Health</th>
                    <th scope="col">Freeze</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((p) => {
                    const champion = p.aliases.find((a) => a.alias === "champion");
                    return (
                      <tr key={p.name}>
                        <th scope="row">
                          <Link to={paths.program(p.name)}>{p.name}</Link>
                        </th>
                        <td data-label="Champion">{champion ? `v${champion.version}` : <span className="muted">not set</span>}</td>
                        <td data-label="Rollout">
                          <RolloutCell p={p} />
                        </td>
                        <td data-label="Traffic">
                          <TrafficBar arms={p.traffic.arms} shadow={p.traffic.shadow} />
                        </td>
                        <td data-label="Health">
                          <HealthBadge health={p.health} reason={p.healthReason} />
                          <span className="reason">{p.health !== "idle" ? p.healthReason : ""}</span>
                        </td>
                        <td data-label="Freeze">
                          {p.frozen ? (
                            <span className="badge frozen" title={p.freeze ? `${p.freeze.by}: ${p.freeze.reason}` : "global freeze"}>
                              frozen
                            </span>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
