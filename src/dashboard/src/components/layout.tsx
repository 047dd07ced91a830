import type { ReactNode } from "react";
import { useAuth } from "../auth.js";
import { useLiveStatus } from "../live.js";
import { Link, type Route } from "../router.js";

const LIVE_TEXT = { live: "Live", connecting: "Connecting…", offline: "Offline: retrying" } as const;

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { who, signOut } = useAuth();
  const live = useLiveStatus();
  const current = (page: Route["page"]) => (route.page === page ? ("page" as const) : undefined);
  return (
    <>
      <a className="skip" href="#content">Skip to content</a>
      <header className="top">
        <Link to="/" className="brand">Arena</Link>
        <nav aria-label="Main">
          <Link to="/" aria-current={current("overview")}>Overview</Link>
          <Link to="/decisions" aria-current={current("decisions")}>Decisions</Link>
          <Link to="/audit" aria-current={current("audit")}>Audit</Link>
        </nav>
        <span className={`live live-${live}`} role="status" aria-live="polite" title="Updates arrive on their own while this says Live">
          {LIVE_TEXT[live]}
        </span>
        <span className="who">
          {who.name} <span className="muted">({who.roles.join(", ")})</span>
        </span>
        <button type="button" className="link-button" onClick={signOut}>Sign out</button>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
