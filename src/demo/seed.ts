import type { Services } from "../server/services.js";
import { SYSTEM_ACTOR, type Actor } from "../server/context.js";

const DEMO: Actor = { ...SYSTEM_ACTOR, name: "demo-seed" };

interface SeedProgram {
  name: string;
  description: string;
  owners: string[];
  versions: Array<{ artifactUri?: string; config?: unknown; metrics: Record<string, number>; commit: string }>;
  challengerShare?: number;
  shadowShare?: number;
}

const PROGRAMS: SeedProgram[] = [
  {
    name: "fraud-detector",
    description: "card-payment fraud scoring model",
    owners: ["ml-fraud", "data-steward"],
    versions: [
      { artifactUri: "s3://models/fraud-detector/47", metrics: { f1: 0.31, auc: 0.91, net_benefit: 52_000 }, commit: "4f1c2ab" },
      { artifactUri: "s3://models/fraud-detector/48", metrics: { f1: 0.335, auc: 0.92, net_benefit: 61_000 }, commit: "9e07d1c" },
    ],
    challengerShare: 0.1,
  },
  {
    name: "checkout-api",
    description: "checkout service build",
    owners: ["sre-payments"],
    versions: [
      { config: { image: "checkout:2026.11.1", pool: 64 }, metrics: {}, commit: "a11ce01" },
      { config: { image: "checkout:2026.11.2", pool: 96 }, metrics: {}, commit: "b0b0b02" },
    ],
    challengerShare: 0.05,
  },
  {
    name: "ranker",
    description: "recommendation ranking model",
    owners: ["ml-reco"],
    versions: [
      { artifactUri: "s3://models/ranker/12", metrics: { ndcg: 0.41 }, commit: "c0ffee1" },
      { artifactUri: "s3://models/ranker/13", metrics: { ndcg: 0.43 }, commit: "c0ffee2" },
    ],
    shadowShare: 0.5,
  },
];

/** Creates the demo programs if they are missing; leaves existing ones alone. Returns the names. */
export async function seedDemo(services: Services): Promise<string[]> {
  const existing = new Set((await services.programs.list()).map((p) => p.name));
  for (const p of PROGRAMS) {
    if (existing.has(p.name)) continue;
    await services.programs.create({ name: p.name, description: p.description, owners: p.owners }, DEMO);
    for (const v of p.versions) {
      await services.candidates.register(
        p.name,
        {
          description: "",
          artifactUri: v.artifactUri ?? null,
          ...(v.config !== undefined ? { config: v.config } : {}),
          provenance: { codeCommit: v.commit, lockfileHash: null, dataFingerprint: null },
          metrics: v.metrics,
          checks: [{ name: "security-scan", passed: true, url: null, details: null }],
          tags: ["demo"],
        },
        DEMO,
      );
    }
    await services.aliases.move({ program: p.name, alias: "champion", version: 1, reason: "demo: initial champion" }, DEMO);
    await services.aliases.move({ program: p.name, alias: "challenger", version: 2, reason: "demo: new candidate" }, DEMO);
    const arms = p.challengerShare ? [{ alias: "challenger", slot: 0, weight: p.challengerShare }] : [];
    const shadow = p.shadowShare ? [{ alias: "challenger", sample: p.shadowShare }] : [];
    await services.traffic.set(p.name, { slots: 1, arms, shadow, overrides: {}, reason: "demo: start the comparison" }, DEMO);
  }
  return PROGRAMS.map((p) => p.name);
}
