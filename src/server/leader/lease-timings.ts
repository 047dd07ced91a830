/** Lease timings of the controller's leader election, from ARENA_LEASE_MS and ARENA_LEASE_RENEW_MS (docs/operations.md). */
export interface LeaseTimings {
  leaseMs: number;
  renewEveryMs: number;
}

export const DEFAULT_LEASE: LeaseTimings = { leaseMs: 5_000, renewEveryMs: 1_000 };

/**
 * The lease held without renewal and how often it is renewed (and taken over). A renewal must fit
 * at least twice in a lease, or one slow round trip would cost the lease; a bad value stops the start.
 */
export function leaseTimingsFromEnv(env: NodeJS.ProcessEnv): LeaseTimings {
  const read = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 100) throw new Error(`${name} must be an integer number of milliseconds ≥ 100, got "${text}"`);
    return value;
  };
  const leaseMs = read("ARENA_LEASE_MS", DEFAULT_LEASE.leaseMs);
  const renewEveryMs = read("ARENA_LEASE_RENEW_MS", Math.min(DEFAULT_LEASE.renewEveryMs, Math.floor(leaseMs / 4)));
  if (renewEveryMs * 2 > leaseMs)
    throw new Error(`ARENA_LEASE_RENEW_MS (${renewEveryMs}) must be at most half of ARENA_LEASE_MS (${leaseMs})`);
  return { leaseMs, renewEveryMs };
}
