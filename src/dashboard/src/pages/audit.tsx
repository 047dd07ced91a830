/** The audit trail with filters, paging, and the chain's verification status. */
import { useState, type FormEvent } from "react";
import { api } from "../api/client.js";
import type { AuditEntry, Verification } from "../api/types.js";
import { formatTime } from "../components/format.js";
import { Empty, ErrorBox, Loading } from "../components/states.js";
import { useLiveReload } from "../live.js";
import { navigate, paths } from "../router.js";
import { useResource } from "../use-resource.js";

interface Filters {
  program: string | null;
  action: string | null;
  actor: string | null;
}

/** Sequence numbers per "page": the newest window first, older windows on request. */
const WINDOW = 200;

interface Loaded {
  verification: Verification;
  entries: AuditEntry[];
  /** Whether entries older than the loaded window exist. */
  older: boolean;
}

/** Seqs run 1..entries without gaps, so the newest window starts at entries − WINDOW × windows. */
async function loadAudit(f: Filters, windows: number, signal: AbortSignal): Promise<Loaded> {
  const verification = await api<Verification>("/v1/audit/verify", { signal });
  const from = Math.max(0, verification.entries - WINDOW * windows);
  const entries: AuditEntry[] = [];
  let after: number | null = from;
  while (after !== null) {
    const q = new URLSearchParams({ limit: "1000", after: String(after) });
    // Only the filters: the route object passed in also carries `page`, which the API refuses as an unknown key.
    for (const k of ["program", "action", "actor"] as const) if (f[k]) q.set(k, f[k]);
    const page: { entries: AuditEntry[]; next: number | null } = await api(`/v1/audit?${q}`, { signal });
    entries.push(...page.entries);
    after = page.next;
  }
  return { verification, entries: entries.reverse(), older: from > 0 };
}

function VerifyBanner({ v }: { v: Verification | undefined }) {
  if (!v)
    return (
      <p className="banner" role="status">
        Verifying the chain…
      </p>
    );
  if (v.valid)
    return (
      <p className="banner ok" role="status">
        ✓ Audit trail intact: {v.entries} entries, every hash chains to the one before and every entry since signing began carries a valid
        signature (head {v.headHash?.slice(0, 16) ?? "—"}
        {v.latestCheckpoint ? `, checkpointed at #${v.latestCheckpoint.seq}` : ""}).
      </p>
    );
  return (
    <p className="banner bad" role="alert">
      ✕ Audit trail broken at entry {v.firstInvalidSeq}: {v.problem}. Entries from there on were edited, inserted or removed outside Arena;
      investigate before trusting them.
    </p>
  );
}

export function AuditPage({ filters }: { filters: Filters }) {
  const key = `audit:${filters.program ?? ""}:${filters.action ?? ""}:${filters.actor ?? ""}`;
  const [more, setMore] = useState<{ key: string; windows: number }>({ key, windows: 1 });
  const windows = more.key === key ? more.windows : 1;
  const res = useResource<Loaded>(`${key}:${windows}`, (signal) => loadAudit(filters, windows, signal));
  useLiveReload((e) => e.type === "hello" || (e.type === "change" && e.source === "audit"), res.reload, 2_000);

  const [draft, setDraft] = useState<Filters>(filters);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(paths.audit(draft));
  };
  const data = res.data;
  return (
    <section className="page" data-ready={data ? "audit" : undefined}>
      <h1>Audit trail</h1>
      <VerifyBanner v={data?.verification} />
      <form className="filters" onSubmit={apply} aria-label="Filter the audit trail">
        {(["program", "action", "actor"] as const).map((k) => (
          <label key={k}>
            {k[0]!.toUpperCase() + k.slice(1)}{" "}
            <input
              type="text"
              value={draft[k] ?? ""}
              placeholder={k === "action" ? "e.g. alias.move" : k === "actor" ? "token name" : "program name"}
              onChange={(e) => setDraft({ ...draft, [k]: e.target.value || null })}
            />
          </label>
        ))}
        <button type="submit">Filter</button>
        {(filters.program || filters.action || filters.actor) && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft({ program: null, action: null, actor: null });
              navigate(paths.audit());
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      {res.error && <ErrorBox error={res.error} retry={() => void res.reload()} />}
      {!data ? (
        !res.error && <Loading what="the audit trail" />
      ) : (
        <>
          {data.entries.length === 0 ? (
            <Empty title={data.older ? "No matching entry among the latest ones" : "No audit entries match"}>
              <p>
                Every mutation (programs, versions, aliases, traffic, tokens, rollouts, freezes) appends one; try fewer filters
                {data.older ? " or load older entries" : ""}.
              </p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="audit">
                <caption className="sr-only">Audit entries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Seq</th>
                    <th scope="col">When</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                    <th scope="col">Change</th>
                    <th scope="col">Hash</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>
                        <time dateTime={e.at}>{formatTime(e.at)}</time>
                      </td>
                      <td>{e.actor}</td>
                      <td className="mono">{e.action}</td>
                      <td className="mono wrap">{e.target}</td>
                      <td>
                        <details>
                          <summary>before / after</summary>
                          <pre className="code">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                        </details>
                      </td>
                      <td className="mono" title={e.hash}>
                        {e.hash.slice(0, 12)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data.older && (
            <button type="button" onClick={() => setMore({ key, windows: windows + 1 })}>
              Load {WINDOW} older entries
            </button>
          )}
        </>
      )}
    </section>
  );
}
