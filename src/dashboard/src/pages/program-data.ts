/** Everything the program page shows, loaded in parallel. */
import { ApiError, api, enc } from "../api/client.js";
import type { AliasMove, Candidate, Freeze, Program, Rollout, StoredPolicy } from "../api/types.js";

export interface ProgramData {
  program: Program;
  candidates: Candidate[];
  policy: StoredPolicy | null;
  rollouts: Rollout[];
  moves: AliasMove[];
  freezes: Freeze[];
}

export async function loadProgram(name: string, signal: AbortSignal): Promise<ProgramData> {
  const base = `/v1/programs/${enc(name)}`;
  const program = await api<Program>(base, { signal });
  const aliases = [...new Set(["champion", ...program.aliases.map((a) => a.alias)])];
  const [candidates, policy, rollouts, histories, freezes] = await Promise.all([
    api<{ candidates: Candidate[] }>(`${base}/candidates`, { signal }),
    // A program created without a policy is fine: the page says how to apply one.
    api<StoredPolicy>(`${base}/policy`, { signal }).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
    api<{ rollouts: Rollout[] }>(`${base}/rollouts`, { signal }),
    Promise.all(aliases.map((a) => api<{ moves: AliasMove[] }>(`${base}/aliases/${enc(a)}/history`, { signal }))),
    api<{ freezes: Freeze[] }>("/v1/freeze", { signal }),
  ]);
  const moves = histories.flatMap((h) => h.moves).sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  return { program, candidates: candidates.candidates, policy, rollouts: rollouts.rollouts, moves, freezes: freezes.freezes };
}
