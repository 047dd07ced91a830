import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness.js";

describe("candidates with an externalRef (importers upsert)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.call("POST", "/v1/programs", { body: { name: "fraud" } });
  });
  afterAll(() => h.close());

  const body = {
    artifactUri: "s3://mlflow/fraud/7",
    metrics: { f1: 0.31 },
    provenance: { codeCommit: "4f1c2ab" },
    externalRef: "mlflow:fraud-detector/7",
  };

  it("registers once; the same reference again answers that version with 200", async () => {
    const first = await h.call("POST", "/v1/programs/fraud/candidates", { body });
    expect(first.status).toBe(201);
    expect(first.body.externalRef).toBe("mlflow:fraud-detector/7");
    const again = await h.call("POST", "/v1/programs/fraud/candidates", { body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(`/v1/programs/fraud/candidates/${first.body.version}`);
    const list = (await h.call("GET", "/v1/programs/fraud/candidates")).body.candidates as Array<{ externalRef: string | null }>;
    expect(list.filter((c) => c.externalRef === "mlflow:fraud-detector/7")).toHaveLength(1);
  });

  it("the same reference with other content is a 409 naming what differs; versions stay immutable", async () => {
    const other = await h.call("POST", "/v1/programs/fraud/candidates", { body: { ...body, metrics: { f1: 0.5 } } });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: "external_ref_taken", message: expect.stringContaining("metrics") });
  });

  it("racing importers register one version", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        h.call("POST", "/v1/programs/fraud/candidates", {
          body: { ...body, externalRef: "mlflow:fraud-detector/8", artifactUri: "s3://mlflow/fraud/8" },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.version)).size).toBe(1);
  });

  it("refuses a malformed reference naming the field", async () => {
    const bad = await h.call("POST", "/v1/programs/fraud/candidates", { body: { ...body, externalRef: "has spaces" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.externalRef/);
  });
});
