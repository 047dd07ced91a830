import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, rolesAllow, type Permission } from "../../core/auth/roles.js";
import { startHarness, type Harness } from "../testing/harness.js";

/**
 * Walks every route in the OpenAPI document (so a new route is covered the day
 * it is added) and proves: no token ⇒ 401, a token without the permission ⇒ 403.
 */
describe("auth, route by route", () => {
  let h: Harness;
  let routes: Array<{ method: string; path: string; permission: Permission | null }>;

  beforeAll(async () => {
    h = await startHarness();
    const doc = (await h.call("GET", "/openapi.json", { token: null })).body as {
      paths: Record<string, Record<string, { "x-arena-permission"?: Permission }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, permission: op["x-arena-permission"] ?? null })),
    );
  });
  afterAll(() => h.close());

  const concrete = (path: string) =>
    path.replace("{program}", "fraud-detector").replace("{alias}", "champion").replace("{version}", "1").replace("{id}", "some-id");

  it("lists every mutating route as protected", () => {
    const mutating = routes.filter((r) => r.method !== "GET");
    expect(mutating.length).toBeGreaterThan(8);
    for (const route of mutating) expect(route.permission, `${route.method} ${route.path}`).not.toBeNull();
  });

  it("answers 401 without a token and with an unknown token", async () => {
    for (const route of routes.filter((r) => r.permission !== null)) {
      const none = await h.call(route.method, concrete(route.path), { token: null, body: route.method === "GET" ? undefined : {} });
      expect(none.status, `${route.method} ${route.path}`).toBe(401);
      expect(none.body.error.code).toBe("unauthorized");
      const forged = await h.call(route.method, concrete(route.path), {
        token: "arena_forged",
        body: route.method === "GET" ? undefined : {},
      });
      expect(forged.status, `${route.method} ${route.path} (forged)`).toBe(401);
    }
  });

  it("answers 403 to every role that lacks the route's permission", async () => {
    let checked = 0;
    for (const route of routes.filter((r) => r.permission !== null)) {
      for (const role of ROLES.filter((role) => !rolesAllow([role], route.permission!))) {
        const res = await h.call(route.method, concrete(route.path), {
          token: h.tokens[role],
          body: route.method === "GET" ? undefined : {},
        });
        expect(res.status, `${role} on ${route.method} ${route.path}`).toBe(403);
        expect(res.body.error.message).toContain(route.permission!);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("stops working the moment a token is revoked", async () => {
    const created = await h.call("POST", "/v1/tokens", { body: { name: "temp", roles: ["operator"] } });
    expect(created.status).toBe(201);
    expect((await h.call("GET", "/v1/whoami", { token: created.body.token })).status).toBe(200);
    expect((await h.call("DELETE", `/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect((await h.call("GET", "/v1/whoami", { token: created.body.token })).status).toBe(401);
  });

  it("never returns a token's secret or hash in listings", async () => {
    const list = await h.call("GET", "/v1/tokens");
    const text = JSON.stringify(list.body);
    for (const secret of Object.values(h.tokens)) expect(text).not.toContain(secret);
    expect(text).not.toContain('"hash"');
  });
});
