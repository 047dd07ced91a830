/**
 * Concurrent calls with the same key share one in-flight call (no caching beyond it: a call
 * made after the shared one settled starts a new one). 10,000 SDKs reconnecting with one token
 * cost one token lookup at a time instead of 10,000 queued on the database pool.
 */
export function singleFlight<K, V>(call: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const inFlight = new Map<K, Promise<V>>();
  return (key) => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = call(key).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
