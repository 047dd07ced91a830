/**
 * Live updates for every page: one event stream per signed-in tab, and a hook
 * that refetches a page's data when an event concerns it (throttled, so a burst
 * of changes costs one refetch, and never two requests for the same data at once).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { openLiveStream, type LiveStatus } from "./api/events.js";
import type { LiveEvent } from "./api/types.js";

type Listener = (event: LiveEvent) => void;
interface LiveContextValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveContextValue>({ status: "offline", subscribe: () => () => undefined });

export function LiveProvider({ token, onUnauthorized, children }: { token: string; onUnauthorized: () => void; children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const listeners = useRef(new Set<Listener>());
  useEffect(() => {
    const stream = openLiveStream(token, {
      onEvent: (event) => listeners.current.forEach((l) => l(event)),
      onStatus: setStatus,
      onUnauthorized,
    });
    return () => stream.stop();
  }, [token, onUnauthorized]);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  return <LiveContext.Provider value={{ status, subscribe }}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

/** Events that concern a program (or any program, for the overview). */
export function concerns(event: LiveEvent, program?: string): boolean {
  if (event.type === "hello") return true;
  if (event.type !== "change") return false;
  return program === undefined || event.programs === null || event.programs.includes(program);
}

/** Calls `reload` when `relevant(event)` holds, at most once per `minGapMs`. */
export function useLiveReload(relevant: (event: LiveEvent) => boolean, reload: () => Promise<unknown>, minGapMs = 1_000): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef({ relevant, reload });
  latest.current = { relevant, reload };
  useEffect(() => {
    let running = false;
    let pending = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fire = async (): Promise<void> => {
      timer = null;
      if (running) {
        pending = true;
        return;
      }
      running = true;
      last = Date.now();
      try {
        await latest.current.reload();
      } catch {
        // The page shows the error of its own load; the next event retries.
      } finally {
        running = false;
        if (pending) {
          pending = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(() => void fire(), Math.max(0, last + minGapMs - Date.now()));
    };
    const unsubscribe = subscribe((event) => {
      if (latest.current.relevant(event)) schedule();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [subscribe, minGapMs]);
}
