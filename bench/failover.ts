/**
 * failover: three `arena server` replicas on one fresh PostgreSQL schema run a canary
 * rollout (4 steps of 3 s, a live non-inferiority guardrail on the error rate) while
 * telemetry flows in through all three. Once the rollout has advanced once, the replica
 * leading the controller is SIGKILLed mid-step. value = seconds from the kill until
 * another replica leads AND the rollout records its next advance (or promotion).
 * baseline, measured after the rollout ended: decisions recorded twice for the same
 * transition, events acknowledged but not counted, and whether the audit chain verifies.
 *
 * Usage: npm run bench -- failover   (PostgreSQL: ARENA_BENCH_DATABASE_URL, else ARENA_TEST_DATABASE_URL)
 */
import { performance } from "node:perf_hooks";
import type { BenchResult } from "./result.js";
import { benchDatabase, call, startReplicas, type Replica } from "./support/replicas.js";
import { round } from "./support/stats.js";
import { TelemetryLoad } from "./support/telemetry-load.js";

const PROGRAM = "checkout-api";
// Lease 2 s (renewed every 500 ms) unless ARENA_LEASE_MS says otherwise; the replicas inherit the environment.
process.env.ARENA_LEASE_MS ??= "2000";
const LEASE_MS = Number(process.env.ARENA_LEASE_MS);
const TARGET_S = LEASE_MS <= 2_000 ? 3 : 10;
const PROGRESS = new Set(["start", "advance", "promote", "rollback", "abort", "burn_in_passed", "await_approval"]);

const policy = {
  program: PROGRAM,
  metrics: { error_rate: { kind: "proportion", direction: "lower", unit: "%", source: { type: "request", field: "error" } } },
  gates: { live: [{ metric: "error_rate", test: "non_inferiority", margin: 0.05 }], minSamples: 20 },
  rollout: {
    mode: "canary",
    steps: ["10%", "25%", "50%", "75%"].map((weight) => ({ weight, duration: "3s", minSamples: 20 })),
    evaluateEvery: "1s",
  },
};

interface Decision {
  id: number;
  action: string;
  actor: string;
  at: string;
  toStatus: string | null;
  inputs: { step?: number };
}
interface RolloutView {
  id: string;
  status: string;
  stepIndex: number;
  plan: { steps: Array<{ weight: number }> };
}
interface LeaderView {
  replica: string;
  leader: boolean;
  fencingToken: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns a value, or fails after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe().catch(() => null);
    if (got !== null && got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

export default async function failover(): Promise<BenchResult> {
  const db = benchDatabase();
  await db.check();
  const schema = db.newSchema();
  const { replicas, token } = await startReplicas(3, db.url, schema);
  const alive = () => replicas.filter((r) => r.alive());
  let turn = 0;
  /** Any live replica answers: the API is the same everywhere. */
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const live = alive();
    return call<T>(live[turn++ % live.length]!.url, token, method, path, body);
  };
  const decisions = async (rollout: string, after = 0) =>
    (await api<{ decisions: Decision[] }>("GET", `/v1/programs/${PROGRAM}/decisions?rollout=${rollout}&after=${after}&limit=1000`))
      .decisions;
  const leaders = async (among: Replica[]) =>
    (
      await Promise.all(among.map(async (r) => ({ r, view: await call<LeaderView>(r.url, token, "GET", "/v1/leader").catch(() => null) })))
    ).filter((x) => x.view?.leader);

  let load: TelemetryLoad | null = null;
  let sharePoll: NodeJS.Timeout | null = null;
  try {
    await api("PUT", `/v1/programs/${PROGRAM}/policy`, policy);
    await api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: "oci://checkout-api:1.0" });
    await api("POST", `/v1/programs/${PROGRAM}/candidates`, { artifactUri: "oci://checkout-api:1.1" });
    await api("PUT", `/v1/programs/${PROGRAM}/aliases/champion`, { version: 1, reason: "bench" });
    await sleep(2_500); // every replica's ingest learns of the new program (its program cache lives 2 s)

    const started = await api<{ rollout: RolloutView }>("POST", `/v1/programs/${PROGRAM}/rollouts`, { challengers: [2] });
    let view: RolloutView = started.rollout;
    const share = () =>
      view.status === "promoted"
        ? 1
        : view.status === "running" || view.status === "awaiting_approval"
          ? (view.plan.steps[view.stepIndex]?.weight ?? 0)
          : 0;
    sharePoll = setInterval(
      () =>
        void api<RolloutView>("GET", `/v1/rollouts/${view.id}`).then(
          (v) => (view = v),
          () => undefined,
        ),
      100,
    );
    // Every replica stays a target, the killed one too (as behind a load balancer that has not noticed yet):
    // a batch refused or cut off there is sent again to the next replica with the same batch id.
    load = new TelemetryLoad({
      targets: () => replicas.map((r) => r.url),
      token,
      program: PROGRAM,
      champion: 1,
      challenger: 2,
      share,
      workers: 4,
      pauseMs: 100,
    });
    load.start();

    // Mid-rollout: after the first advance, half-way through step 2.
    await until("the first advance", 60_000, async () => (await decisions(view.id)).find((d) => d.action === "advance"));
    await sleep(1_500);
    const [before] = await until("one leader", 15_000, async () => {
      const found = await leaders(alive());
      return found.length === 1 ? found : null;
    });
    const seen = await decisions(view.id);
    const lastId = Math.max(...seen.map((d) => d.id));
    console.error(
      `killing ${before!.r.name} (leader, lease token ${before!.view!.fencingToken}) at step ${view.stepIndex + 1}; ${load.totals.batches} batches acknowledged so far`,
    );

    const t0 = performance.now();
    await before!.r.kill();
    let leaderAfter = NaN;
    let after: LeaderView | null = null;
    const next = await until("the rollout's next decision after the kill", 60_000, async () => {
      if (!after) {
        const found = await leaders(alive());
        if (found.length > 0) {
          after = found[0]!.view;
          leaderAfter = (performance.now() - t0) / 1000;
          console.error(`new leader after ${round(leaderAfter, 2)} s (lease token ${after?.fencingToken})`);
        }
      }
      return (await decisions(view.id, lastId)).find((d) => d.action === "advance" || d.action === "promote");
    });
    const value = (performance.now() - t0) / 1000;
    console.error(`next decision after ${round(value, 2)} s: ${next.action} (step ${next.inputs.step ?? "?"})`);

    const ended = await until(
      "the rollout to end",
      90_000,
      async () => (["promoted", "rolled_back", "aborted"].includes(view.status) ? view : null),
      200,
    );
    await load.stop();
    clearInterval(sharePoll);
    sharePoll = null;

    const all = await decisions(view.id);
    const keys = all.filter((d) => PROGRESS.has(d.action)).map((d) => `${d.action}:${d.inputs.step ?? ""}:${d.toStatus ?? ""}`);
    const duplicateDecisions = keys.length - new Set(keys).size;
    const report = await api<{ variants: Array<{ exposures: number; metrics: Record<string, { status: string; n?: number }> }> }>(
      "GET",
      `/v1/programs/${PROGRAM}/telemetry?window=1h`,
    );
    const countedExposures = report.variants.reduce((s, v) => s + v.exposures, 0);
    const countedRequests = report.variants.reduce((s, v) => s + (v.metrics.error_rate?.n ?? 0), 0);
    const acknowledged = load.totals.exposures + load.totals.requests;
    const counted = countedExposures + countedRequests;
    const audit = await api<{ valid: boolean; entries: number; problem?: string | null }>("GET", "/v1/audit/verify");
    console.error(
      `rollout ${ended.status} after ${all.length} decisions (${all.map((d) => d.action).join(", ")}); events acknowledged ${acknowledged}, counted ${counted}; ` +
        `${load.totals.retries} failed attempts retried, ${load.totals.duplicates} answered duplicate; audit ${audit.valid ? "valid" : `INVALID: ${audit.problem}`} (${audit.entries} entries)`,
    );
    return {
      bench: "failover",
      value: round(value, 2),
      unit: "s from SIGKILL of the leader to the rollout's next advance by a new leader",
      baseline: { duplicateDecisions, lostEvents: Math.max(0, acknowledged - counted), auditChainValid: audit.valid },
      ratio: round(value / TARGET_S, 3),
      targetS: TARGET_S,
      leaseMs: LEASE_MS,
      newLeaderAfterS: round(leaderAfter, 2),
      nextDecision: next.action,
      leaseTokens: { killed: before!.view!.fencingToken, next: (after as LeaderView | null)?.fencingToken ?? null },
      rolloutEnded: ended.status,
      decisions: all.length,
      events: { acknowledged, counted, doubleCounted: Math.max(0, counted - acknowledged) },
      batches: load.totals.batches,
      retriedAttempts: load.totals.retries,
      duplicateAnswers: load.totals.duplicates,
    };
  } finally {
    if (sharePoll) clearInterval(sharePoll);
    await load?.stop().catch(() => undefined);
    await Promise.all(replicas.map((r) => r.stop()));
    await db.dropAll();
  }
}
