import { describe, expect, it } from "vitest";
import { parseBlock } from "./api/events.js";
import type { Rollout } from "./api/types.js";
import { srmVerdict } from "./rollout/data.js";
import { signOffFor } from "./rollout/may.js";
import { missingRoles, whatNext } from "./rollout/next.js";
import { parseRoute } from "./router.js";

describe("dashboard helpers", () => {
  it("parses server-sent event blocks and ignores comments and unknown events", () => {
    expect(parseBlock('event: change\nid: 3\ndata: {"programs":["ranker"],"rollouts":[],"source":"audit"}')).toEqual({
      type: "change",
      programs: ["ranker"],
      rollouts: [],
      source: "audit",
    });
    expect(parseBlock('event: tick\ndata: {"at":"2026-11-22T10:00:00Z"}')).toEqual({ type: "tick", at: "2026-11-22T10:00:00Z" });
    expect(parseBlock(": ping")).toBeNull();
    expect(parseBlock("event: snapshot\ndata: {}")).toBeNull();
    expect(parseBlock("event: change\ndata: {not json")).toBeNull();
  });

  it("routes addresses to pages, decoding names", () => {
    expect(parseRoute("/", "")).toEqual({ page: "overview" });
    expect(parseRoute("/programs/fraud-detector", "")).toEqual({ page: "program", name: "fraud-detector" });
    expect(parseRoute("/rollouts/a%2Fb", "")).toEqual({ page: "rollout", id: "a/b" });
    expect(parseRoute("/decisions", "?program=ranker")).toEqual({ page: "decisions", program: "ranker", rollout: null });
    expect(parseRoute("/audit", "?actor=ann")).toEqual({ page: "audit", program: null, action: null, actor: "ann" });
    expect(parseRoute("/nope/x/y", "")).toEqual({ page: "not_found", path: "/nope/x/y" });
  });

  const base: Rollout = {
    id: "r1",
    program: "ranker",
    champion: 1,
    challengers: [{ version: 2, alias: "challenger", slot: 0, status: "active", reason: null }],
    status: "running",
    stepIndex: 0,
    stepStartedAt: "2026-11-22T10:00:00.000Z",
    startedAt: "2026-11-22T10:00:00.000Z",
    requestedBy: "olga",
    plan: {
      mode: "canary",
      steps: [
        { shadow: false, weight: 0.1, sample: 1, durationMs: 600_000, minSamples: 300, approval: false },
        { shadow: false, weight: 0.5, sample: 1, durationMs: 600_000, minSamples: 300, approval: false },
      ],
      primary: null,
      tieBreak: ["primary"],
      evaluateEveryMs: 10_000,
      reweightEveryMs: 300_000,
      floor: 0.05,
      minSamplesPerArm: 100,
      approvalRoles: [{ name: "model-owner", members: ["ann"] }],
      burnInMs: 1_800_000,
    },
    policyRevision: 1,
    paused: false,
    approvals: [],
    hold: null,
    promoted: null,
    burnInUntil: null,
    banditWeights: null,
    lastReweightAt: null,
    nextCheckAt: "2026-11-22T10:00:10.000Z",
    endedAt: null,
    revision: 3,
  };
  const now = Date.parse("2026-11-22T10:04:00Z");

  it("says what happens next and when", () => {
    expect(whatNext(base, now)).toBe(
      "Step 1 (10 %) lasts until 2026-11-22 10:10:00Z (in 6 min); then, with ≥ 300 units per arm and every required condition passing, it moves to step 2 (50 %).",
    );
    expect(whatNext({ ...base, stepIndex: 1 }, now)).toMatch(/asks for approval, then promotes\.$/);
    expect(whatNext({ ...base, paused: true }, now)).toMatch(/^Paused/);
    expect(whatNext({ ...base, status: "awaiting_approval", stepIndex: 1 }, now)).toBe(
      "Waiting for approval from model-owner. Then it promotes the best passing challenger, if every required condition still passes.",
    );
    expect(whatNext({ ...base, status: "burn_in", promoted: 2, burnInUntil: "2026-11-22T10:34:00.000Z" }, now)).toMatch(
      /v2 is @champion, under a burn-in watch until 2026-11-22 10:34:00Z \(in 30 min\)/,
    );
    expect(whatNext({ ...base, stepStartedAt: "2026-11-22T09:50:00.000Z", hold: "waiting for samples: v2 120/300" }, now)).toMatch(
      /^Holding: waiting for samples/,
    );
  });

  it("lists the approval roles still missing", () => {
    expect(missingRoles(base)).toEqual(["model-owner"]);
    expect(missingRoles({ ...base, approvals: [{ role: "model-owner", by: "ann", at: "", comment: "" }] })).toEqual([]);
    expect(missingRoles({ ...base, plan: { ...base.plan, approvalRoles: [] } })).toEqual(["approver"]);
  });

  it("offers Approve only to someone the server would let sign: never the requester, a member of a missing role, once", () => {
    const waiting: Rollout = {
      ...base,
      status: "awaiting_approval",
      stepIndex: 1,
      plan: {
        ...base.plan,
        approvalRoles: [
          { name: "model-owner", members: ["ann", "olga"] },
          { name: "risk", members: ["rita"] },
        ],
      },
    };
    // The requester is refused by the server (self_approval), so she is offered neither Approve nor Reject.
    expect(signOffFor(waiting, { name: "olga" }, true)).toEqual({
      approveAs: [],
      reject: false,
      why: expect.stringMatching(/You requested this rollout/),
    });
    expect(signOffFor(waiting, { name: "ann" }, true)).toEqual({ approveAs: ["model-owner"], reject: true, why: null });
    expect(signOffFor(waiting, { name: "rita" }, true).approveAs).toEqual(["risk"]);
    // Not a member of a missing role: Reject only, and why.
    expect(signOffFor(waiting, { name: "bob" }, true)).toEqual({ approveAs: [], reject: true, why: expect.stringMatching(/not a member/) });
    const annSigned = { ...waiting, approvals: [{ role: "model-owner", by: "ann", at: "", comment: "" }] };
    expect(signOffFor(annSigned, { name: "ann" }, true)).toEqual({
      approveAs: [],
      reject: true,
      why: expect.stringMatching(/signed off as model-owner/),
    });
    expect(signOffFor(annSigned, { name: "rita" }, true).approveAs).toEqual(["risk"]);
    // Without named roles any approver but the requester signs as "approver".
    expect(signOffFor({ ...waiting, plan: { ...waiting.plan, approvalRoles: [] } }, { name: "bob" }, true).approveAs).toEqual(["approver"]);
    // No approve permission, not signed in yet, or not awaiting approval: nothing.
    expect(signOffFor(waiting, { name: "ann" }, false)).toEqual({ approveAs: [], reject: false, why: null });
    expect(signOffFor(waiting, null, true)).toEqual({ approveAs: [], reject: false, why: null });
    expect(signOffFor(base, { name: "ann" }, true)).toEqual({ approveAs: [], reject: false, why: null });
  });

  it("reads a sample-ratio check that could not run as skipped, never pass", () => {
    expect(srmVerdict({ valid: true, checked: false, summary: "SRM not checked: no challenger is served" })).toBe("skipped");
    expect(srmVerdict({ valid: true, summary: "SRM not checked: 40 exposures (< 100)" })).toBe("skipped");
    expect(srmVerdict({ valid: true, checked: true, summary: "exposures match the planned split (p = 0.41)" })).toBe("pass");
    expect(srmVerdict({ valid: false, checked: true, summary: "sample ratio mismatch (p < 0.0001)" })).toBe("fail");
  });
});
