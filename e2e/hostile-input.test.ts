/**
 * Hostile input against the real server on SQLite: nesting and size bounds with a 400 naming
 * the field, data written straight into the database that must not break later reads, windows
 * beyond retention, event times far in the future, unknown query keys, webhook targets.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { postWebhook, type Resolver } from "../src/server/notifications/webhook-target.js";
import { startHostileServer, type HostileServer } from "./support/hostile-server.js";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("hostile input", () => {
  let s: HostileServer | null = null;
  afterEach(async () => {
    await s?.close();
    s = null;
  });

  it("refuses a config nested 4,100 levels (and 33) with a 400 naming body.config, and one too large", async () => {
    s = await startHostileServer();
    await s.call("POST", "/v1/programs", { body: { name: "deep" } });
    for (const depth of [4_100, 33]) {
      const res = await s.call("POST", "/v1/programs/deep/candidates", { body: `{"config":${nested(depth)}}` });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^body\.config: nested deeper than/);
    }
    const big = await s.call("POST", "/v1/programs/deep/candidates", { body: { config: { blob: "x".repeat(300 * 1024) } } });
    expect(big.status === 400 || big.status === 413).toBe(true);
    expect(big.body.error.message).toMatch(/^body(\.config)?:/);
    expect((await s.call("POST", "/v1/programs/deep/candidates", { body: { config: JSON.parse(nested(32)) } })).status).toBe(201);
    // Any other body nested too deep is refused the same way, naming its field.
    const policy = await s.call("PUT", "/v1/programs/deep/policy", { body: `{"program":"deep","description":${nested(100)}}` });
    expect(policy.status).toBe(400);
    expect(policy.body.error.message).toMatch(/^body\.description: nested deeper than 64 levels/);
  });

  it("keeps every read working when the database holds a config nested 5,000 levels", async () => {
    s = await startHostileServer();
    await s.call("POST", "/v1/programs", { body: { name: "deep" } });
    const c = await s.call("POST", "/v1/programs/deep/candidates", { body: { config: { fine: true } } });
    await s.call("PUT", "/v1/programs/deep/aliases/champion", { body: { version: c.body.version, reason: "start" } });
    // Someone with write access to the file (or an older server) stored what the API now refuses.
    const db = new Database(join(s.dir, "arena.db"));
    db.prepare("UPDATE candidates SET config = ? WHERE program = 'deep'").run(nested(5_000));
    db.prepare("UPDATE audit_log SET after = ? WHERE seq = (SELECT MAX(seq) FROM audit_log)").run(`{"config":${nested(5_000)}}`);
    db.close();
    s.hub.changed();
    for (const path of [
      "/v1/programs/deep/candidates",
      "/v1/programs/deep/candidates/1",
      "/v1/audit",
      "/v1/sdk/snapshot",
      "/v1/programs/deep",
    ]) {
      const res = await s.call("GET", path);
      expect(res.status, path).toBe(200);
    }
    expect(JSON.stringify((await s.call("GET", "/v1/programs/deep/candidates/1")).body)).toMatch(
      /nested deeper than the server writes out/,
    );
  });

  it("answers windows beyond retention with 400 naming query.window, not 500", async () => {
    s = await startHostileServer();
    await s.call("POST", "/v1/programs", { body: { name: "p" } });
    for (const path of [
      "/v1/programs/p/telemetry?window=999999999d",
      "/v1/programs/p/telemetry/series?window=999999999d",
      "/v1/programs/p/exposures?window=999999999d",
      `/v1/programs/p/telemetry?window=${"9".repeat(400)}d`,
    ]) {
      const res = await s.call("GET", path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.message, path).toMatch(/^query\.window/);
    }
    expect((await s.call("GET", "/v1/programs/p/telemetry?window=400d")).status).toBe(200);
  });

  it("rejects event times beyond the clock-skew allowance by index and field, keeping the rest", async () => {
    s = await startHostileServer();
    await s.call("POST", "/v1/programs", { body: { name: "p" } });
    const now = new Date().toISOString();
    const res = await s.call("POST", "/v1/telemetry", {
      token: s.tokens.sdk,
      body: {
        batchId: "future-batch-1",
        events: [
          { type: "request", program: "p", version: 1, success: true, at: "9999-12-31T00:00:00Z" },
          { type: "request", program: "p", version: 1, success: true, at: now },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([expect.objectContaining({ index: 0, path: "events.0.at" })]);
    const exp = await s.call("POST", "/v1/exposures", {
      token: s.tokens.sdk,
      body: {
        batchId: "future-exp-1",
        exposures: [{ program: "p", unitId: "u", alias: "champion", version: 1, at: "9999-01-01T00:00:00Z" }],
      },
    });
    expect(exp.body.rejected[0].path).toBe("exposures.0.at");
  });

  it("refuses unknown query keys with a 400 naming the key", async () => {
    s = await startHostileServer();
    await s.call("POST", "/v1/programs", { body: { name: "p" } });
    const res = await s.call("GET", "/v1/programs/p/telemetry?window=1h&windw=2h");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^query\.windw: unknown parameter/);
    expect((await s.call("GET", "/v1/tokens?all=1")).body.error.message).toMatch(/^query\.all/);
  });

  it("refuses webhook targets that are not http(s) or are internal, and secretEnv outside ARENA_WEBHOOK_", async () => {
    s = await startHostileServer();
    const policy = (url: string, secretEnv = "ARENA_WEBHOOK_SECRET") => ({
      program: "hooked",
      notifications: { webhooks: [{ url, secretEnv, events: ["rollback"] }] },
    });
    const targets = [
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.5/",
      "http://172.16.3.4/",
      "http://192.168.1.1/",
      "http://127.0.0.1:9/",
      "http://[::1]/",
      "http://localhost:8080/",
      "http://0.0.0.0/",
      "http://100.64.0.1/",
      "http://[fe80::1]/",
      "http://[::ffff:127.0.0.1]/",
      "file:///etc/passwd",
      "gopher://example.com/",
      "ftp://example.com/",
    ];
    for (const url of targets) {
      const res = await s.call("PUT", "/v1/programs/hooked/policy", { body: policy(url) });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message, url).toMatch(/^body\.notifications\.webhooks\.0\.url/);
    }
    for (const name of ["HOME", "PATH", "ARENA_TOKEN"]) {
      const res = await s.call("PUT", "/v1/programs/hooked/policy", { body: policy("https://hooks.example.com/a", name) });
      expect(res.status, name).toBe(400);
      expect(res.body.error.message).toMatch(/secretEnv: must be an environment variable name starting with ARENA_WEBHOOK_/);
    }
    expect((await s.call("PUT", "/v1/programs/hooked/policy", { body: policy("https://hooks.example.com/a") })).status).toBe(200);
  });

  it("re-checks the address at send time: a name that rebinds to loopback is refused unless allow-listed", async () => {
    // A public name at policy time that resolves to 127.0.0.1 when the webhook is sent (DNS rebinding).
    const rebinding: Resolver = (_host, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]);
    const post = { headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 2_000 };
    await expect(postWebhook("http://hooks.example.com:9/hook", post, [], rebinding)).rejects.toThrow(
      /refused: hooks\.example\.com resolves to 127\.0\.0\.1/,
    );
    s = await startHostileServer();
    // Allow-listed by address, the same name is connected to (and reaches the real server, which has no such route).
    expect(await postWebhook(`http://hooks.example.com:${s.port}/hook`, post, ["127.0.0.1"], rebinding)).toBe(404);
  });
});
