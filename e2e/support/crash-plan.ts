/**
 * The crash-safety e2e's world (e2e/crash-safety.test.ts): the policy every program runs, the
 * seeded scenario of each program and round, and the API shapes the test reads back.
 */
export type Kind = "good" | "bad" | "pair" | "late_bad";
export interface Round {
  kind: Kind;
  /** Challenger versions, in the order the rollout names them. */
  versions: number[];
  rolloutId: string | null;
  done: boolean;
}
export interface ProgramPlan {
  name: string;
  burnIn: boolean;
  rounds: Round[];
  current: number;
}
/** How a version behaves: its error rate as a challenger, and once it is @champion. */
export interface Quality {
  asChallenger: number;
  asChampion: number;
}

export interface Decision {
  id: number;
  rolloutId: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  summary: string;
}
export interface RolloutDoc {
  id: string;
  program: string;
  status: string;
  champion: number;
  promoted: number | null;
  revision: number;
  challengers: Array<{ version: number; alias: string; status: string }>;
}
export interface Move {
  id: number;
  fromVersion: number | null;
  toVersion: number | null;
  reason: string;
  actor: string;
}
export interface AuditEntry {
  seq: number;
  action: string;
  program: string | null;
  target: string;
  before: { revision?: number } | null;
  after: { decision?: number; revision?: number; moveId?: number } | null;
}
export interface Snapshot {
  programs: Record<string, { aliases: Record<string, { version: number }>; traffic: { arms: Array<{ alias: string; weight: number }> } }>;
}

export function policy(program: string, burnIn: boolean): Record<string, unknown> {
  const errorRate = { metric: "error_rate", test: "non_inferiority", margin: 0.05 };
  return {
    program,
    owners: ["sre"],
    metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
    gates: {
      registry: [{ metric: "f1", min: 0.2 }],
      preproduction: [{ metric: "f1", delta: { min: 0.01 } }],
      live: [errorRate],
      minSamples: 20,
      ...(burnIn ? { burnIn: { duration: "2s", conditions: [errorRate] } } : {}),
    },
    rollout: {
      mode: "canary",
      steps: [
        { weight: "20%", duration: "1s", minSamples: 20 },
        { weight: "40%", duration: "2s", minSamples: 20 },
      ],
      evaluateEvery: "1s",
    },
  };
}

/** Scenarios per program and round, and the quality of every version, from the seed. */
export function plan(
  random: () => number,
  programCount: number,
  roundCount: number,
): { programs: ProgramPlan[]; quality: Map<string, Quality> } {
  const quality = new Map<string, Quality>();
  const GOOD: Quality = { asChallenger: 0.02, asChampion: 0.02 };
  const BAD: Quality = { asChallenger: 0.3, asChampion: 0.3 };
  const programs: ProgramPlan[] = [];
  for (let p = 0; p < programCount; p++) {
    const name = `crash-${String(p).padStart(2, "0")}`;
    const burnIn = p % 3 === 0;
    quality.set(`${name}/1`, GOOD);
    let next = 2;
    const rounds: Round[] = [];
    for (let i = 0; i < roundCount; i++) {
      const x = random();
      const kind: Kind = burnIn && x < 0.25 ? "late_bad" : x < 0.4 ? "bad" : x < 0.55 ? "pair" : "good";
      const versions = kind === "pair" ? [next, next + 1] : [next];
      next += versions.length;
      if (kind === "pair") {
        // The bad one first or second, so the tie-break and partial rollback see both orders.
        const bad = random() < 0.5 ? 0 : 1;
        versions.forEach((v, j) => quality.set(`${name}/${v}`, j === bad ? BAD : GOOD));
      } else
        quality.set(`${name}/${versions[0]}`, kind === "good" ? GOOD : kind === "bad" ? BAD : { asChallenger: 0.02, asChampion: 0.35 });
      rounds.push({ kind, versions, rolloutId: null, done: false });
    }
    programs.push({ name, burnIn, rounds, current: 0 });
  }
  return { programs, quality };
}
