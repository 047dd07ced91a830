/**
 * Backtest on Arena's own history: replays stored aggregate buckets (the 10-second, minute, hour
 * and day windows the controller decides from) through the same services and controller as the
 * server, on a simulated clock. A bucket becomes visible once it has ended; each look reads
 * through ReplayQuery, whose running accumulators make its cost independent of the span and of
 * the number of users. Buckets carry the split that was in force when they were recorded: unlike
 * a recording of events, they cannot be re-split under the policy's shares.
 */
import type { PolicyDocument } from "../contracts/policy.js";
import { parseDuration } from "../core/time/duration.js";
import type { AggregateHistory } from "./aggregates.js";
import { BacktestError, type BacktestOptions, type BacktestReport } from "./engine.js";
import { ReplayQuery } from "./replay-query.js";
import { prepareReplay, reportOf } from "./setup.js";

export async function runAggregateBacktest(
  policy: PolicyDocument,
  history: AggregateHistory,
  options: BacktestOptions = {},
): Promise<BacktestReport> {
  if (history.count === 0)
    throw new BacktestError("0 buckets to replay: the aggregates hold no stored telemetry (check --since and the program name)");
  // Buckets of another program would replay nothing and report "regression NOT detected": refuse instead.
  if (!history.programs.includes(policy.program)) {
    throw new BacktestError(
      `the aggregates hold no buckets of program "${policy.program}" (the policy's program); they hold ${history.programs.map((p) => `"${p}"`).join(", ")}`,
    );
  }
  let replayQuery!: ReplayQuery;
  const replay = await prepareReplay(
    policy,
    { first: history.first, versions: history.versions, candidates: history.candidates, rollouts: history.rollouts },
    options.seed,
    (ctx) => (replayQuery = new ReplayQuery(ctx)),
  );
  const stepMs = Math.max(1_000, options.stepMs ?? parseDuration(policy.rollout.evaluateEvery));
  const end = history.last + stepMs;
  const source = history.read()[Symbol.asyncIterator]();
  let pending = await source.next();
  let replayed = 0;
  let clock = replay.clock.ms;
  while (clock <= end) {
    await replay.startDue();
    clock = replay.clock.ms = clock + stepMs;
    // Every bucket that has ended by now is visible; the next one seals the time before its start.
    while (!pending.done && pending.value.start + pending.value.width <= clock) {
      if (pending.value.program === policy.program) {
        replayQuery.add(pending.value);
        replayed++;
      }
      pending = await source.next();
    }
    replayQuery.seal(pending.done ? clock : Math.min(clock, pending.value.start));
    await replay.controller.tick();
    options.onProgress?.({ at: Math.min(clock, end), from: history.first, to: end });
  }
  await source.return?.(undefined);
  return reportOf(policy, replay, history.markers, { first: history.first, last: history.last, replayed, filtered: 0, unit: "buckets" });
}
