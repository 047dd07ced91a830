/** A tiny history-API router: five pages do not need a routing library. */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";

export type Route =
  | { page: "overview" }
  | { page: "program"; name: string }
  | { page: "rollout"; id: string }
  | { page: "decisions"; program: string | null; rollout: string | null }
  | { page: "audit"; program: string | null; action: string | null; actor: string | null }
  | { page: "changes" }
  | { page: "not_found"; path: string };

export function parseRoute(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "overview" };
  if (parts[0] === "programs" && parts.length === 2) return { page: "program", name: parts[1]! };
  if (parts[0] === "rollouts" && parts.length === 2) return { page: "rollout", id: parts[1]! };
  if (parts[0] === "decisions" && parts.length === 1) return { page: "decisions", program: q.get("program"), rollout: q.get("rollout") };
  if (parts[0] === "changes" && parts.length === 1) return { page: "changes" };
  if (parts[0] === "audit" && parts.length === 1)
    return { page: "audit", program: q.get("program"), action: q.get("action"), actor: q.get("actor") };
  return { page: "not_found", path: pathname };
}

const CHANGE = "arena:navigate";

export function navigate(to: string): void {
  window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const read = () => parseRoute(window.location.pathname, window.location.search);
  const [route, setRoute] = useState<Route>(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** An ordinary link (middle-click, copy address work) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}

/** "?program=a&rollout=b" from the filters that are set; "" when none is. */
function query(filters: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const paths = {
  program: (name: string) => `/programs/${encodeURIComponent(name)}`,
  rollout: (id: string) => `/rollouts/${encodeURIComponent(id)}`,
  decisions: (program?: string, rollout?: string) => `/decisions${query({ program, rollout })}`,
  audit: (filters: { program?: string | null; action?: string | null; actor?: string | null } = {}) => `/audit${query(filters)}`,
};
