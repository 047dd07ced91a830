import { useEffect, useRef, type ReactNode } from "react";
import { useAuth } from "../auth.js";
import { useLiveStatus } from "../live.js";
import { Link, type Route } from "../router.js";

const TITLES: Record<Route["page"], (r: Route) => string> = {
  overview: () => "Overview",
  program: (r) => (r.page === "program" ? r.name : ""),
  rollout: (r) => (r.page === "rollout" ? `Rollout ${r.id.slice(0, 8)}` : ""),
  decisions: () => "Decisions",
  audit: () => "Audit trail",
  changes: () => "Change requests",
  not_found: () => "Not found",
};

const LIVE_TEXT = { live: "Live", connecting: "Connecting…", offline: "Offline: retrying" } as const;

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { who, signOut } = useAuth();
  const live = useLiveStatus();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, start keyboard and screen-reader users at the new page's content.
  useEffect(() => {
    document.title = `${TITLES[route.page](route)} · Arena`;
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [route]);
  const current = (page: Route["page"]) => (route.page === page ? ("page" as const) : undefined);
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Arena
        </Link>
        <nav aria-label="Main">
          <Link to="/" aria-current={current("overview")}>
            Overview
          </Link>
          <Link to="/decisions" aria-current={current("decisions")}>
            Decisions
          </Link>
          <Link to="/changes" aria-current={current("changes")}>
            Changes
          </Link>
          <Link to="/audit" aria-current={current("audit")}>
            Audit
          </Link>
        </nav>
        <span className={`live live-${live}`} role="status" aria-live="polite" title="Updates arrive on their own while this says Live">
          {LIVE_TEXT[live]}
        </span>
        <span className="who">
          {who ? (
            <>
              {who.name} <span className="muted">({who.roles.join(", ")})</span>
            </>
          ) : (
            <span className="muted">signing in…</span>
          )}
        </span>
        <button type="button" className="link-button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="content" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
