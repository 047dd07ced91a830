import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AliasResolution } from "../../contracts/aliases.js";
import { NotFoundError } from "../errors.js";
import { installErrorHandler } from "./error-handler.js";
import { OpenApiRegistry } from "./openapi.js";
import { CHECK_RESPONSES, drift, responseProblem } from "./response-check.js";
import { defineRoute, type AuthGate } from "./route.js";

const gate: AuthGate = {
  authenticate: async () => null,
  throttle: { blockedFor: async () => null, failed: async () => {} } as unknown as AuthGate["throttle"],
};

describe("response schemas checked against answers", () => {
  it("is on under vitest", () => {
    expect(CHECK_RESPONSES).toBe(true);
  });

  it("names a field the schema lacks, a mistyped field and a missing one", () => {
    const ok = { program: "p", alias: "champion", at: "2026-11-22T10:00:00.000Z", version: 3, movedBy: "alice" };
    expect(responseProblem(AliasResolution, ok)).toBeNull();
    expect(responseProblem(AliasResolution, { ...ok, movedFrom: 2 })).toBe("body.movedFrom: answered but not in the schema");
    expect(responseProblem(AliasResolution, { ...ok, version: "3" })).toMatch(/^body\.version: /);
    const { at: _at, ...missing } = ok;
    expect(responseProblem(AliasResolution, missing)).toMatch(/^body\.at: /);
  });

  it("finds drift deep inside arrays and a default the answer left out", () => {
    const List = z.object({ items: z.array(z.object({ id: z.number(), tags: z.array(z.string()).default([]) })) });
    expect(
      responseProblem(List, {
        items: [
          { id: 1, tags: [] },
          { id: 2, tags: ["a"], extra: true },
        ],
      }),
    ).toBe("body.items.1.extra: answered but not in the schema");
    expect(responseProblem(List, { items: [{ id: 1 }] })).toBe("body.items.0.tags: in the schema (a default) but not answered");
    expect(drift({ a: [1, 2] }, { a: [1, 2] })).toBeNull();
  });

  it("turns an answer that breaks its schema into a 500 naming the route and the field; errors are checked against ErrorBody", async () => {
    const app = Fastify();
    installErrorHandler(app);
    const deps = { gate, openapi: new OpenApiRegistry() };
    const Shape = z.object({ n: z.number() });
    defineRoute(app, deps, {
      method: "GET",
      url: "/good",
      summary: "s",
      tag: "t",
      permission: null,
      responses: { 200: Shape },
      handler: async () => ({ n: 1 }),
    });
    // A handler that drifted from its schema (the type system is bypassed on purpose).
    defineRoute(app, deps, {
      method: "GET",
      url: "/bad",
      summary: "s",
      tag: "t",
      permission: null,
      responses: { 200: Shape },
      handler: async () => ({ n: 1, secret: "x" }) as unknown as { n: number },
    });
    defineRoute(app, deps, {
      method: "GET",
      url: "/undeclared",
      summary: "s",
      tag: "t",
      permission: null,
      responses: { 200: Shape },
      handler: async ({ reply }) => reply.status(201).send({ n: 1 }),
    });
    defineRoute(app, deps, {
      method: "GET",
      url: "/missing",
      summary: "s",
      tag: "t",
      permission: null,
      responses: { 200: Shape },
      handler: async () => {
        throw new NotFoundError("no such thing");
      },
    });
    const get = async (url: string) => {
      const res = await app.inject({ method: "GET", url });
      return { status: res.statusCode, body: res.json() as { error?: { message: string } } };
    };
    expect(await get("/good")).toEqual({ status: 200, body: { n: 1 } });
    const bad = await get("/bad");
    expect(bad.status).toBe(500);
    expect(bad.body.error?.message).toBe(
      "the 200 answer of GET /bad does not match its response schema: body.secret: answered but not in the schema",
    );
    expect((await get("/undeclared")).body.error?.message).toMatch(/status 201 is not declared/);
    // A route's error answer is the error handler's: checked against ErrorBody, which it fits.
    expect(await get("/missing")).toEqual({ status: 404, body: { error: { code: "not_found", message: "no such thing" } } });
    await app.close();
  });
});
