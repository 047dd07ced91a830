/** Loads data for a page and keeps showing the last answer while it reloads (no flicker on live updates). */
import { useCallback, useEffect, useRef, useState } from "react";

export interface Resource<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload(): Promise<void>;
}

export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: Error | null; loading: boolean }>({
    key,
    data: undefined,
    error: null,
    loading: key !== null,
  });
  const loader = useRef(load);
  loader.current = load;
  const current = useRef<AbortController | null>(null);

  const reload = useCallback(async () => {
    if (key === null) return;
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await loader.current(controller.signal);
      if (!controller.signal.aborted) setState({ key, data, error: null, loading: false });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: error as Error, loading: false }));
    }
  }, [key]);

  useEffect(() => {
    setState((s) => (s.key === key ? s : { key, data: undefined, error: null, loading: key !== null }));
    void reload();
    return () => current.current?.abort();
  }, [reload, key]);

  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : null, loading: fresh ? state.loading : true, reload };
}
