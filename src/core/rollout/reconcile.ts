/**
 * The rollout state machine: from persisted state and what the controller
 * observed, the next state, the effects to apply with it, and the decision to
 * record. Pure and deterministic (the clock comes in the observation), so the
 * controller can run it again after a crash and the backtest can replay it.
 *
 * Safety rules, in order: a failing challenger is rolled back even when the
 * rollout is paused or promotions are frozen; nothing advances or promotes on
 * an invalid analysis (sample ratio mismatch), on missing data, while paused or
 * frozen, or outside a promotion window; a promotion needs every required
 * condition to pass and every approval. Only guardrails roll back: a success
 * criterion not met keeps the challenger running, unpromoted, until the plan's
 * maxDuration ends the rollout "not promoted, kept for learning".
 */
import { missingApprovals } from "./approvals.js";
import type { DecisionDraft, Effect } from "./effects.js";
import type { ChallengerObservation, Observation } from "./observation.js";
import { banditWeights, championOnly, trafficFor } from "./traffic.js";
import { activeChallengers, isTerminal, type Rollout, type RolloutChallenger } from "./types.js";

export interface Transition {
  rollout: Rollout;
  effects: Effect[];
  decision: DecisionDraft | null;
}

const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;

function conditionsOf(obs: Observation, versions?: number[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const c of obs.challengers) if (!versions || versions.includes(c.version)) out[`v${c.version}`] = c.live.results;
  return out;
}

/** Clears every challenger alias and sends all traffic to the champion. */
function endEffects(r: Rollout, reason: string): Effect[] {
  return [
    { type: "traffic", traffic: championOnly(), reason },
    ...r.challengers.map((c) => ({ type: "alias" as const, alias: c.alias, version: null, expected: undefined, reason })),
  ];
}

function nextCheck(r: Rollout, now: Date, dueAt?: number): string {
  const soon = now.getTime() + r.plan.evaluateEveryMs;
  return new Date(dueAt !== undefined ? Math.max(now.getTime() + 1_000, Math.min(soon, dueAt)) : soon).toISOString();
}

function hold(r: Rollout, obs: Observation, kind: string, reason: string, notify?: Effect): Transition {
  const changed = (r.holdKind ?? null) !== kind;
  return {
    rollout: { ...r, hold: reason, holdKind: kind, nextCheckAt: nextCheck(r, obs.now) },
    effects: changed && notify ? [notify] : [],
    decision: changed
      ? {
          action: "hold",
          summary: `holding: ${reason}`,
          conditions: conditionsOf(obs),
          severity: notify?.type === "notify" ? notify.severity : "info",
        }
      : null,
  };
}

function rollBackChallengers(
  r: Rollout,
  obs: Observation,
  failing: Array<{ c: RolloutChallenger; why: string; severity: "page" | "ticket" | "info" }>,
): Transition {
  const failed = new Set(failing.map((f) => f.c.version));
  const challengers = r.challengers.map((c) =>
    failed.has(c.version) ? { ...c, status: "rolled_back" as const, reason: failing.find((f) => f.c.version === c.version)!.why } : c,
  );
  const next: Rollout = {
    ...r,
    challengers,
    hold: null,
    holdKind: null,
    splitChangedAt: obs.now.toISOString(),
    nextCheckAt: nextCheck(r, obs.now),
  };
  const summary = failing.map((f) => `rolled back v${f.c.version}: ${f.why}`).join("; ");
  const severity = failing.some((f) => f.severity === "page") ? "page" : failing.some((f) => f.severity === "ticket") ? "ticket" : "info";
  const notify: Effect = {
    type: "notify",
    event: failing.some((f) => f.why.includes("burn rate")) ? "burn_rate" : "rollback",
    severity,
    summary,
  };
  const aliasEffects: Effect[] = failing.map((f) => ({
    type: "alias",
    alias: f.c.alias,
    version: null,
    expected: undefined,
    reason: f.why,
  }));
  if (activeChallengers(next).length === 0) {
    return {
      rollout: { ...next, status: "rolled_back", endedAt: obs.now.toISOString() },
      effects: [{ type: "traffic", traffic: championOnly(), reason: summary }, ...aliasEffects, notify],
      decision: { action: "rollback", summary, conditions: conditionsOf(obs, [...failed]), severity },
    };
  }
  return {
    rollout: next,
    effects: [{ type: "traffic", traffic: trafficFor(next), reason: summary }, ...aliasEffects, notify],
    decision: { action: "rollback", summary, conditions: conditionsOf(obs, [...failed]), severity },
  };
}

/** Orders passing challengers by the policy's tie-break: primary improvement, then version. */
export function pickWinner(r: Rollout, passing: ChallengerObservation[]): ChallengerObservation {
  const sorted = [...passing].sort((a, b) => {
    for (const rule of r.plan.tieBreak) {
      if (rule === "primary") {
        const d = (b.primaryImprovement ?? -Infinity) - (a.primaryImprovement ?? -Infinity);
        if (d !== 0 && Number.isFinite(d)) return d;
      } else if (rule === "lowest_version" && a.version !== b.version) return a.version - b.version;
      else if (rule === "highest_version" && a.version !== b.version) return b.version - a.version;
    }
    return a.version - b.version;
  });
  return sorted[0]!;
}

function promote(r: Rollout, obs: Observation, winner: ChallengerObservation, how: string): Transition {
  const summary = `promoted v${winner.version} over v${r.champion}: ${how}`;
  const challengers = r.challengers.map((c) =>
    c.version === winner.version
      ? { ...c, status: "promoted" as const }
      : c.status === "active"
        ? { ...c, status: "eliminated" as const, reason: `v${winner.version} was promoted` }
        : c,
  );
  const burnIn = r.plan.burnInMs;
  const next: Rollout = {
    ...r,
    challengers,
    status: burnIn ? "burn_in" : "promoted",
    promoted: winner.version,
    burnInUntil: burnIn ? new Date(obs.now.getTime() + burnIn).toISOString() : null,
    hold: null,
    holdKind: null,
    approvals: [],
    endedAt: burnIn ? null : obs.now.toISOString(),
    nextCheckAt: nextCheck(r, obs.now),
  };
  return {
    rollout: next,
    effects: [
      { type: "alias", alias: "champion", version: winner.version, expected: r.champion, reason: summary },
      ...endEffects(r, summary),
      { type: "notify", event: "promotion", severity: "info", summary },
    ],
    decision: { action: "promote", summary, conditions: conditionsOf(obs), severity: "info" },
  };
}

/**
 * The rollout's maxDuration elapsed without a promotion: it ends "not promoted, kept for learning".
 * Every unit goes back to the champion; the challenger aliases stay on their versions unless the
 * policy says to clear them; the decision carries the evidence (each challenger's conditions).
 */
function concludeNotPromoted(r: Rollout, obs: Observation): Transition {
  const byVersion = new Map(obs.challengers.map((c) => [c.version, c]));
  const active = activeChallengers(r);
  const evidence = active.map((c) => `v${c.version}: ${byVersion.get(c.version)?.live.summary ?? "not observed"}`).join("; ");
  const keep = (r.plan.notPromotedAlias ?? "keep") === "keep";
  const summary = `not promoted, kept for learning after ${hoursOf(r.plan.maxDurationMs ?? 0)}: ${evidence}`;
  const challengers = r.challengers.map((c) => (c.status === "active" ? { ...c, status: "kept" as const, reason: summary } : c));
  const aliasEffects: Effect[] = keep
    ? []
    : active.map((c) => ({ type: "alias", alias: c.alias, version: null, expected: undefined, reason: summary }));
  return {
    rollout: { ...r, challengers, status: "not_promoted", hold: null, holdKind: null, endedAt: obs.now.toISOString() },
    effects: [
      { type: "traffic", traffic: championOnly(), reason: summary },
      ...aliasEffects,
      { type: "notify", event: "hold", severity: "info", summary },
    ],
    decision: { action: "not_promoted", summary, conditions: conditionsOf(obs), severity: "info" },
  };
}

const hoursOf = (ms: number): string =>
  ms >= 86_400_000 && ms % 86_400_000 === 0
    ? `${ms / 86_400_000} d`
    : ms >= 3_600_000
      ? `${+(ms / 3_600_000).toFixed(2)} h`
      : ms >= 60_000
        ? `${+(ms / 60_000).toFixed(1)} min`
        : `${+(ms / 1000).toFixed(1)} s`;

function awaitApproval(r: Rollout, obs: Observation, what: string): Transition {
  const missing = missingApprovals(r);
  if (r.status === "awaiting_approval")
    return {
      rollout: { ...r, hold: `waiting for approval by ${missing.join(", ")}`, nextCheckAt: nextCheck(r, obs.now) },
      effects: [],
      decision: null,
    };
  const summary = `${what}: waiting for approval by ${missing.join(", ")}`;
  return {
    rollout: {
      ...r,
      status: "awaiting_approval",
      hold: `waiting for approval by ${missing.join(", ")}`,
      nextCheckAt: nextCheck(r, obs.now),
    },
    effects: [{ type: "notify", event: "approval_needed", severity: "info", summary }],
    decision: { action: "await_approval", summary, conditions: conditionsOf(obs), severity: "info" },
  };
}

function burnInTick(r: Rollout, obs: Observation): Transition {
  // @champion moved by hand: the rollout no longer owns it, and a breach's compare-and-set move back would be
  // refused on every look, leaving the rollout in burn-in for ever. It ends, saying where @champion went.
  if (obs.championNow !== r.promoted) {
    const back = obs.championNow === r.champion;
    const summary = `burn-in of v${r.promoted} ended: @champion was moved to ${obs.championNow === null ? "nothing" : `v${obs.championNow}`} outside the rollout`;
    return {
      rollout: { ...r, status: back ? "rolled_back" : "aborted", hold: null, holdKind: null, endedAt: obs.now.toISOString() },
      effects: [{ type: "notify", event: back ? "rollback" : "hold", severity: "ticket", summary }],
      decision: { action: back ? "rollback" : "abort", summary, conditions: {}, severity: "ticket" },
    };
  }
  const breach =
    obs.burnInBurn && (obs.burnInBurn.severity === "page" || obs.burnInBurn.severity === "ticket")
      ? obs.burnInBurn.summary
      : obs.burnIn?.outcome === "fail"
        ? obs.burnIn.summary
        : null;
  if (breach) {
    const summary = `rolled back v${r.promoted} to v${r.champion} during burn-in: ${breach}`;
    return {
      rollout: {
        ...r,
        status: "rolled_back",
        hold: null,
        holdKind: null,
        endedAt: obs.now.toISOString(),
        nextCheckAt: nextCheck(r, obs.now),
      },
      effects: [
        { type: "alias", alias: "champion", version: r.champion, expected: r.promoted, reason: summary },
        { type: "notify", event: "rollback", severity: "page", summary },
      ],
      decision: { action: "rollback", summary, conditions: { burnIn: obs.burnIn?.results ?? [] }, severity: "page" },
    };
  }
  const until = Date.parse(r.burnInUntil!);
  if (obs.now.getTime() < until)
    return { rollout: { ...r, hold: null, holdKind: null, nextCheckAt: nextCheck(r, obs.now, until) }, effects: [], decision: null };
  if (!obs.burnIn || obs.burnIn.outcome === "pass") {
    const summary = `v${r.promoted} passed its burn-in${obs.burnIn ? `: ${obs.burnIn.summary}` : ""}`;
    return {
      rollout: { ...r, status: "promoted", hold: null, holdKind: null, endedAt: obs.now.toISOString() },
      effects: [],
      decision: { action: "burn_in_passed", summary, conditions: { burnIn: obs.burnIn?.results ?? [] }, severity: "info" },
    };
  }
  return hold(r, obs, "burn_in", `burn-in over but not conclusive: ${obs.burnIn.summary}`);
}

export function reconcile(r: Rollout, obs: Observation): Transition {
  if (isTerminal(r.status)) return { rollout: r, effects: [], decision: null };
  if (r.status === "burn_in") return burnInTick(r, obs);

  if (obs.championNow !== r.champion) {
    const summary = `aborted: @champion was moved to ${obs.championNow === null ? "nothing" : `v${obs.championNow}`} outside the rollout`;
    return {
      rollout: { ...r, status: "aborted", hold: null, holdKind: null, endedAt: obs.now.toISOString() },
      effects: [
        { type: "traffic", traffic: championOnly(), reason: summary },
        ...r.challengers
          .filter((c) => c.status === "active")
          .map((c) => ({ type: "alias" as const, alias: c.alias, version: null, expected: undefined, reason: summary })),
        { type: "notify", event: "hold", severity: "ticket", summary },
      ],
      decision: { action: "abort", summary, conditions: {}, severity: "ticket" },
    };
  }

  // 1. Roll back what fails, whatever else holds the rollout: safety first.
  const byVersion = new Map(obs.challengers.map((c) => [c.version, c]));
  const failing: Array<{ c: RolloutChallenger; why: string; severity: "page" | "ticket" | "info" }> = [];
  for (const c of activeChallengers(r)) {
    const o = byVersion.get(c.version);
    if (!o) continue;
    if (o.burn.severity === "page" || o.burn.severity === "ticket") failing.push({ c, why: o.burn.summary, severity: o.burn.severity });
    else if (obs.srm.valid && o.live.outcome === "fail") failing.push({ c, why: o.live.summary, severity: "ticket" });
  }
  if (failing.length > 0) return rollBackChallengers(r, obs, failing);

  // 2. Out of time without a promotion: kept for learning, never promoted. Not a promotion, so neither
  // a pause, a freeze nor a sample-ratio mismatch holds it.
  const now = obs.now.getTime();
  if (typeof r.plan.maxDurationMs === "number" && now >= Date.parse(r.startedAt) + r.plan.maxDurationMs) return concludeNotPromoted(r, obs);

  // 3. What stops progress.
  if (r.paused) return hold(r, obs, "paused", "paused");
  if (!obs.srm.valid)
    return hold(r, obs, "srm", `analysis invalid, sample ratio mismatch: ${obs.srm.summary}`, {
      type: "notify",
      event: "srm",
      severity: "page",
      summary: `sample ratio mismatch in ${r.program} rollout ${r.id}: ${obs.srm.summary}`,
    });
  if (obs.freeze.frozen) return hold(r, obs, "frozen", `promotions frozen: ${obs.freeze.summary}`);

  const active = activeChallengers(r);
  const step = r.plan.steps[r.stepIndex]!;

  // 4. Bandit: reweight on its cadence once every arm has enough samples.
  if (r.plan.mode === "bandit" && r.status === "running") {
    const last = r.lastReweightAt ? Date.parse(r.lastReweightAt) : Date.parse(r.stepStartedAt);
    const enough =
      obs.championSamples >= r.plan.minSamplesPerArm &&
      active.every((c) => (byVersion.get(c.version)?.samples ?? 0) >= r.plan.minSamplesPerArm);
    if (now - last >= r.plan.reweightEveryMs && enough && active.every((c) => byVersion.get(c.version)?.probabilityBest !== null)) {
      const weights = banditWeights(r, new Map(active.map((c) => [c.version, byVersion.get(c.version)!.probabilityBest!])));
      const next: Rollout = {
        ...r,
        banditWeights: weights,
        lastReweightAt: obs.now.toISOString(),
        hold: null,
        holdKind: null,
        nextCheckAt: nextCheck(r, obs.now),
      };
      const summary = `reweighted: ${active.map((c) => `v${c.version} ${pct(weights[String(c.version)]!)}`).join(", ")}`;
      return {
        rollout: next,
        effects: [{ type: "traffic", traffic: trafficFor(next), reason: summary }],
        decision: { action: "reweight", summary, conditions: conditionsOf(obs), severity: "info" },
      };
    }
  }

  // 5. Is the step done? Time, then samples per arm.
  const stepEnd = Date.parse(r.stepStartedAt) + step.durationMs;
  const skipped = typeof r.promotionRequestedAt === "string" && r.stepIndex === r.plan.steps.length - 1;
  if (r.status === "running" && now < stepEnd && !skipped)
    return { rollout: { ...r, hold: null, holdKind: null, nextCheckAt: nextCheck(r, obs.now, stepEnd) }, effects: [], decision: null };
  const short = [
    { label: `v${r.champion} (champion)`, n: obs.championSamples },
    ...active.map((c) => ({ label: `v${c.version}`, n: byVersion.get(c.version)?.samples ?? 0 })),
  ].filter((x) => x.n < step.minSamples);
  if (short.length > 0)
    return hold(r, obs, "samples", `waiting for samples: ${short.map((s) => `${s.label} ${s.n}/${step.minSamples}`).join(", ")}`);

  // 6. No decision from missing data.
  const missing = active.flatMap((c) =>
    (byVersion.get(c.version)?.live.results ?? [])
      .filter((x) => x.required && x.verdict === "no_data")
      .map((x) => `v${c.version} ${x.label} (${x.reason})`),
  );
  if (missing.length > 0) return hold(r, obs, "no_data", `no data: ${missing.join("; ")}`);

  const last = r.stepIndex === r.plan.steps.length - 1;
  if (!last) {
    if (step.approval && missingApprovals(r).length > 0) return awaitApproval(r, obs, `step ${r.stepIndex + 1} done`);
    const next: Rollout = {
      ...r,
      status: "running",
      stepIndex: r.stepIndex + 1,
      stepStartedAt: obs.now.toISOString(),
      approvals: step.approval ? [] : r.approvals,
      hold: null,
      holdKind: null,
    };
    const nextStep = r.plan.steps[next.stepIndex]!;
    next.nextCheckAt = nextCheck(next, obs.now, now + nextStep.durationMs);
    const label = nextStep.shadow ? "shadow" : pct(nextStep.weight);
    const summary = `advanced to step ${next.stepIndex + 1}/${r.plan.steps.length} (${label}): ${active.map((c) => `v${c.version} ${byVersion.get(c.version)?.live.summary ?? ""}`).join("; ")}`;
    return {
      rollout: next,
      effects: [{ type: "traffic", traffic: trafficFor(next), reason: summary }],
      decision: { action: "advance", summary, conditions: conditionsOf(obs), severity: "info" },
    };
  }

  // 7. Last step done: promote a challenger that passes every required condition.
  const passing = active
    .map((c) => byVersion.get(c.version))
    .filter((o): o is ChallengerObservation => o !== undefined && o.live.outcome === "pass");
  if (passing.length === 0) {
    const waiting = active.map((c) => `v${c.version}: ${byVersion.get(c.version)?.live.summary ?? "not observed"}`).join("; ");
    const until =
      typeof r.plan.maxDurationMs === "number"
        ? `; not promoted unless met by ${new Date(Date.parse(r.startedAt) + r.plan.maxDurationMs).toISOString()}`
        : "";
    return hold(r, obs, "significance", `waiting for every required condition to pass: ${waiting}${until}`);
  }
  if (missingApprovals(r).length > 0 && (r.plan.approvalRoles.length > 0 || step.approval))
    return awaitApproval(r, obs, "ready to promote");
  if (!obs.promotionWindow.open)
    return hold(r, obs, "window", `ready to promote, outside the promotion window: ${obs.promotionWindow.summary}`);
  const winner = pickWinner(r, passing);
  return promote(r, obs, winner, winner.live.summary);
}
