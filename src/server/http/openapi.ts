import { z } from "zod";
import { ErrorBody } from "../../contracts/common.js";

interface Entry {
  method: string;
  url: string;
  summary: string;
  tag: string;
  permission: string | null;
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  responses: Record<number, z.ZodType>;
}

const toJson = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" }) as Record<string, unknown>;

/** Collects route specs and renders the OpenAPI 3 document from the same zod schemas the routes validate with. */
export class OpenApiRegistry {
  private readonly entries: Entry[] = [];

  add(entry: Entry): void {
    this.entries.push(entry);
  }

  document(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const e of this.entries) {
      const path = e.url.replace(/:([a-zA-Z]+)/g, "{$1}");
      const parameters = [
        ...objectParams(e.params, "path"),
        ...objectParams(e.query, "query"),
      ];
      const responses: Record<string, unknown> = {};
      for (const [status, schema] of Object.entries(e.responses)) {
        responses[status] = { description: Number(status) < 300 ? "success" : "error", content: { "application/json": { schema: toJson(schema, "output") } } };
      }
      for (const status of e.permission ? [400, 401, 403] : [400]) {
        responses[status] ??= { description: "error", content: { "application/json": { schema: toJson(ErrorBody, "output") } } };
      }
      (paths[path] ??= {})[e.method.toLowerCase()] = {
        summary: e.summary,
        tags: [e.tag],
        ...(e.permission ? { security: [{ bearer: [] }], "x-arena-permission": e.permission } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: toJson(e.body, "input") } } } } : {}),
        responses,
      };
    }
    return {
      openapi: "3.0.3",
      info: { title: "Arena API", version, description: "Champion/challenger control plane. Every mutating call needs a bearer token with a role." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      paths,
    };
  }
}

function objectParams(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = toJson(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s }));
}
