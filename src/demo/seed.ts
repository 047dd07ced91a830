import { PolicyDocument } from "../contracts/policy.js";
import { systemActor, type Actor } from "../server/context.js";
import type { Services } from "../server/services.js";
import { SCENARIOS, type Quality, type Scenario } from "./scenarios.js";

const DEMO: Actor = systemActor("demo-seed");

export interface SeededDemo {
  programs: string[];
  /** Live quality per program and version, for the simulator. */
  quality: Map<string, Map<number, Quality>>;
}

async function register(services: Services, s: Scenario, role: "baseline" | "challenger"): Promise<number> {
  const spec = role === "baseline" ? s.champion : s.challenger;
  const candidate = await services.candidates.register(
    s.program,
    {
      description: `demo ${role}`,
      artifactUri: spec.artifactUri ?? null,
      ...(spec.config !== undefined ? { config: spec.config } : {}),
      provenance: { codeCommit: role === "baseline" ? "4f1c2ab" : "9e07d1c", lockfileHash: null, dataFingerprint: null },
      metrics: spec.metrics,
      checks: [{ name: "security-scan", passed: true, url: null, details: null }],
      tags: ["demo", `demo:${role}`],
    },
    DEMO,
  );
  return candidate.version;
}

/**
 * (Re)starts every demo scenario: applies its policy, ends a rollout left over
 * from an earlier run, registers a fresh baseline champion and challenger, and
 * starts the rollout. Each run replays the same story on new version numbers.
 */
export async function seedDemo(services: Services): Promise<SeededDemo> {
  const quality = new Map<string, Map<number, Quality>>();
  for (const s of SCENARIOS) {
    await services.policies.apply(PolicyDocument.parse(s.policy), DEMO);
    const running = await services.rollouts.current(s.program);
    if (running?.status === "burn_in") await services.rollouts.rollback(running.id, "demo restarted", DEMO);
    else if (running) await services.rollouts.abort(running.id, "demo restarted", DEMO);
    const baseline = await register(services, s, "baseline");
    // The seeder resets its own scenario: a system principal, in process, not a change to approve.
    await services.aliases.moveAsSystem(
      { program: s.program, alias: "champion", version: baseline, reason: "demo: baseline champion" },
      DEMO,
    );
    const challenger = await register(services, s, "challenger");
    quality.set(
      s.program,
      new Map([
        [baseline, s.champion.quality],
        [challenger, s.challenger.quality],
      ]),
    );
    if (s.autoStart) await services.rollouts.start(s.program, [challenger], DEMO);
  }
  return { programs: SCENARIOS.map((s) => s.program), quality };
}
