import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AliasHistory, AliasMoveResult, AliasResolution } from "../contracts/aliases.js";
import type { AuditList, AuditVerification } from "../contracts/audit.js";
import type { Candidate } from "../contracts/candidates.js";
import type { ErrorBody } from "../contracts/common.js";
import { startHarness, type Harness } from "./testing/harness.js";

describe("registry over the API", () => {
  let h: Harness;
  let clock = Date.parse("2026-11-01T10:00:00Z");
  beforeEach(async () => {
    clock = Date.parse("2026-11-01T10:00:00Z");
    h = await startHarness({ now: () => new Date((clock += 1000)) });
  });
  afterEach(() => h.close());

  async function setup() {
    expect((await h.call("POST", "/v1/programs", { body: { name: "fraud-detector", owners: ["ml-team"] } })).status).toBe(201);
    const v1 = await h.call<Candidate>("POST", "/v1/programs/fraud-detector/candidates", {
      body: {
        artifactUri: "s3://models/fraud/47",
        metrics: { f1: 0.31 },
        provenance: { codeCommit: "abc123" },
        checks: [{ name: "security-scan", passed: true }],
      },
    });
    const v2 = await h.call<Candidate>("POST", "/v1/programs/fraud-detector/candidates", {
      body: { artifactUri: "s3://models/fraud/48", metrics: { f1: 0.34 } },
    });
    return { v1, v2 };
  }

  it("registers immutable versions numbered 1, 2, … with provenance", async () => {
    const { v1, v2 } = await setup();
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    expect(v2.body.version).toBe(2);
    expect(v1.body.provenance).toMatchObject({ codeCommit: "abc123", createdBy: "admin-user" });
    expect(v1.body.checks[0]).toEqual({ name: "security-scan", passed: true, url: null, details: null });
  });

  it("moves @champion atomically, keeps every move, answers 'which version at time T' and rolls back", async () => {
    await setup();
    const first = await h.call<AliasMoveResult>("PUT", "/v1/programs/fraud-detector/aliases/champion", {
      body: { version: 1, reason: "initial" },
    });
    expect(first.status).toBe(200);
    const between = new Date(clock + 500).toISOString();
    const second = await h.call<AliasMoveResult>("PUT", "/v1/programs/fraud-detector/aliases/champion", {
      body: { version: 2, reason: "beats v1" },
    });
    expect(second.body.move).toMatchObject({ fromVersion: 1, toVersion: 2, reason: "beats v1", actor: "admin-user" });

    expect((await h.call<AliasResolution>("GET", `/v1/programs/fraud-detector/aliases/champion?at=${between}`)).body.version).toBe(1);
    expect(
      (await h.call<AliasResolution>("GET", "/v1/programs/fraud-detector/aliases/champion?at=2026-01-01T00:00:00Z")).body.version,
    ).toBeNull();
    expect((await h.call<AliasResolution>("GET", "/v1/programs/fraud-detector/aliases/champion")).body.version).toBe(2);

    const back = await h.call<AliasMoveResult>("POST", "/v1/programs/fraud-detector/aliases/champion/rollback", {
      body: { reason: "latency regression" },
    });
    expect(back.status).toBe(200);
    expect(back.body.alias?.version).toBe(1);
    const history = await h.call<AliasHistory>("GET", "/v1/programs/fraud-detector/aliases/champion/history");
    expect(history.body.moves.map((m) => m.toVersion)).toEqual([1, 2, 1]);
  });

  it("refuses a compare-and-set move when someone moved the alias meanwhile", async () => {
    await setup();
    await h.call("PUT", "/v1/programs/fraud-detector/aliases/champion", { body: { version: 1, reason: "initial" } });
    const stale = await h.call<ErrorBody>("PUT", "/v1/programs/fraud-detector/aliases/champion", {
      body: { version: 2, reason: "x", expectedVersion: 2 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("alias_moved");
  });

  it("never aliases a retired version and refuses to retire a served one", async () => {
    await setup();
    await h.call("PUT", "/v1/programs/fraud-detector/aliases/champion", { body: { version: 1, reason: "initial" } });
    const busy = await h.call<ErrorBody>("POST", "/v1/programs/fraud-detector/candidates/1/retire", { body: { reason: "old" } });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain("@champion");
    expect(
      (await h.call<Candidate>("POST", "/v1/programs/fraud-detector/candidates/2/retire", { body: { reason: "bad" } })).body.status,
    ).toBe("retired");
    const refused = await h.call<ErrorBody>("PUT", "/v1/programs/fraud-detector/aliases/challenger", {
      body: { version: 2, reason: "try" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("retired");
  });

  it("does not reuse a version number", async () => {
    await setup();
    await h.call("POST", "/v1/programs/fraud-detector/candidates/2/retire", { body: { reason: "bad" } });
    const v3 = await h.call<Candidate>("POST", "/v1/programs/fraud-detector/candidates", { body: { config: { threshold: 0.7 } } });
    expect(v3.body.version).toBe(3);
    expect(v3.body.config).toEqual({ threshold: 0.7 });
  });

  it("records every mutation in a hash chain that verifies, and names a tampered entry", async () => {
    await setup();
    await h.call("PUT", "/v1/programs/fraud-detector/aliases/champion", { body: { version: 1, reason: "initial" } });
    const ok = await h.call<AuditVerification>("GET", "/v1/audit/verify");
    expect(ok.body).toMatchObject({ valid: true, firstInvalidSeq: null });
    const list = await h.call<AuditList>("GET", "/v1/audit?program=fraud-detector");
    expect(list.body.entries.map((e) => e.action)).toEqual(["program.create", "candidate.register", "candidate.register", "alias.move"]);

    const memory = h.store as unknown as { repos: { audit: { tamper(seq: number, f: (e: { after: unknown }) => void): void } } };
    const target = list.body.entries[1]!.seq;
    memory.repos.audit.tamper(target, (e) => (e.after = { forged: true }));
    const bad = await h.call<AuditVerification>("GET", "/v1/audit/verify");
    expect(bad.body).toMatchObject({ valid: false, firstInvalidSeq: target });
  });
});
