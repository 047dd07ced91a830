import { championOnlyPlan } from "../../core/assignment/traffic-plan.js";
import type { ProgramSnapshot, Snapshot } from "../../core/assignment/snapshot.js";
import type { Repos } from "../store/store.js";

/** Builds the SDK snapshot of every program from one consistent read. */
export async function buildSnapshot(repos: Repos, now: Date): Promise<Snapshot> {
  const revision = await repos.serving.revision();
  const [programs, aliases, plans] = await Promise.all([repos.programs.list(), repos.aliases.listAll(), repos.traffic.listAll()]);
  const out: Record<string, ProgramSnapshot> = {};
  for (const program of programs) {
    out[program.name] = { name: program.name, aliases: {}, traffic: plans.get(program.name) ?? championOnlyPlan(program.seed) };
  }
  for (const alias of aliases) {
    const entry = out[alias.program];
    const candidate = await repos.candidates.get(alias.program, alias.version);
    if (!entry || !candidate) continue;
    entry.aliases[alias.alias] = { version: candidate.version, artifactUri: candidate.artifactUri, config: candidate.config ?? null };
  }
  return { revision, generatedAt: now.toISOString(), programs: out };
}
