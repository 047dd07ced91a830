/** Versions with their provenance, offline metrics and checks. */
import type { AliasState, Candidate } from "../api/types.js";
import { formatNumber, formatTime } from "../components/format.js";
import { Empty } from "../components/states.js";

export function CandidatesTable({ candidates, aliases }: { candidates: Candidate[]; aliases: AliasState[] }) {
  if (candidates.length === 0) {
    return (
      <Empty title="No candidates registered">
        <p>
          Register a version with <code>arena candidate register PROGRAM --artifact URI --metrics metrics.json</code>.
        </p>
      </Empty>
    );
  }
  const sorted = [...candidates].sort((a, b) => b.version - a.version);
  return (
    <div className="table-wrap">
      <table className="candidates">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Artifact</th>
            <th scope="col">Provenance</th>
            <th scope="col">Offline metrics</th>
            <th scope="col">Checks</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c) => {
            const named = aliases.filter((a) => a.version === c.version).map((a) => `@${a.alias}`);
            const p = c.provenance;
            return (
              <tr key={c.version}>
                <th scope="row">
                  v{c.version} {named.length > 0 && <span className="alias-tags">{named.join(" ")}</span>}
                </th>
                <td>
                  <span className={`badge cand-${c.status}`}>{c.status}</span>
                  {c.statusReason && <div className="reason">{c.statusReason}</div>}
                </td>
                <td className="mono wrap">
                  {c.artifactUri ?? <span className="muted">inline config</span>}
                  {c.description && <div className="muted">{c.description}</div>}
                </td>
                <td>
                  <dl className="compact">
                    <div>
                      <dt>by</dt>
                      <dd>
                        {p.createdBy}, {formatTime(p.createdAt)}
                      </dd>
                    </div>
                    {p.codeCommit && (
                      <div>
                        <dt>commit</dt>
                        <dd className="mono">{p.codeCommit}</dd>
                      </div>
                    )}
                    {p.lockfileHash && (
                      <div>
                        <dt>lockfile</dt>
                        <dd className="mono">{p.lockfileHash}</dd>
                      </div>
                    )}
                    {p.dataFingerprint && (
                      <div>
                        <dt>data</dt>
                        <dd className="mono">{p.dataFingerprint}</dd>
                      </div>
                    )}
                  </dl>
                </td>
                <td>
                  {Object.keys(c.metrics).length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <dl className="compact">
                      {Object.entries(c.metrics).map(([k, v]) => (
                        <div key={k}>
                          <dt>{k}</dt>
                          <dd>{formatNumber(v)}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </td>
                <td>
                  {c.checks.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="plain">
                      {c.checks.map((k) => (
                        <li key={k.name}>
                          <span className={`badge verdict-${k.passed ? "pass" : "fail"}`}>{k.passed ? "✓ pass" : "✕ fail"}</span>{" "}
                          {k.url ? (
                            <a href={k.url} rel="noreferrer noopener" target="_blank">
                              {k.name}
                            </a>
                          ) : (
                            k.name
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
