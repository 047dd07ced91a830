import { z } from "zod";
import { PendingAnswer } from "../../contracts/changes.js";
import { ErrorBody as ErrorBodySchema } from "../../contracts/common.js";
import { ERROR_CODES, type ErrorCode } from "../error-codes.js";
import { componentRegistry } from "./api-components.js";
import { ROUTE_DOCS } from "./route-docs.js";

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

type Json = Record<string, unknown>;

/**
 * Converts zod schemas to OpenAPI 3.1 schemas (JSON Schema 2020-12), hoisting every named contract
 * schema into `components.schemas`: "Foo" as it is answered, "FooInput" as it is sent, when the two differ.
 */
class SchemaConverter {
  readonly components: Record<string, Json> = {};
  private readonly named = componentRegistry();

  convert(schema: z.ZodType, io: "input" | "output"): Json {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any", metadata: this.named.registry }) as Json;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    delete json.$schema;
    const name = (id: string) => (io === "input" && this.differs(id) ? `${id}Input` : id);
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== "object") return value;
      const out: Json = {};
      for (const [k, v] of Object.entries(value))
        out[k] =
          k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/") ? `#/components/schemas/${name(v.slice(8))}` : rewrite(v);
      return out;
    };
    for (const [id, def] of Object.entries(defs)) this.components[name(id)] ??= rewrite(def) as Json;
    return rewrite(json) as Json;
  }

  private readonly differences = new Map<string, boolean>();
  /** Whether a named schema reads differently as input (defaults, coercions) than as output. */
  private differs(id: string): boolean {
    let d = this.differences.get(id);
    if (d === undefined) {
      const schema = this.named.byId.get(id);
      const as = (io: "input" | "output") =>
        JSON.stringify(z.toJSONSchema(schema!, { io, unrepresentable: "any", metadata: this.named.registry }));
      d = schema ? as("input") !== as("output") : false;
      this.differences.set(id, d);
    }
    return d;
  }
}

/** The errors a route can answer: what every route of its kind can, and what its own entry adds. */
function errorCodes(e: Entry): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (e.params || e.query || e.body) codes.push("invalid_input");
  if (e.body) codes.push("invalid_json", "body_too_large", "unsupported_media_type");
  if (e.permission) codes.push("unauthorized", "forbidden", "too_many_failed_authentications");
  if (/:[a-z]/i.test(e.url)) codes.push("not_found");
  if (e.url.startsWith("/v1/")) codes.push("store_unavailable");
  codes.push(...(ROUTE_DOCS[`${e.method} ${e.url}`]?.errors ?? []));
  return [...new Set(codes)];
}

/** Collects route specs and renders the OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export class OpenApiRegistry {
  private readonly entries: Entry[] = [];

  add(entry: Entry): void {
    this.entries.push(entry);
  }

  /** "METHOD /url" of every route, for the test that each has its documentation entry. */
  routes(): string[] {
    return this.entries.map((e) => `${e.method} ${e.url}`);
  }

  document(version: string): Json {
    const converter = new SchemaConverter();
    const errorBody = { $ref: "#/components/schemas/ErrorBody" };
    converter.convert(z.object({ e: ErrorBodySchema }), "output");
    const paths: Record<string, Json> = {};
    for (const e of this.entries) {
      const doc = ROUTE_DOCS[`${e.method} ${e.url}`];
      const path = e.url.replace(/:([a-zA-Z]+)/g, "{$1}");
      const parameters = [...objectParams(converter, e.params, "path"), ...objectParams(converter, e.query, "query")];
      const responses: Json = {};
      for (const [status, schema] of Object.entries(e.responses)) {
        const success = Number(status) < 300;
        const type = success && doc?.contentType ? doc.contentType : "application/json";
        const body = type === "application/json" ? converter.convert(schema, "output") : { type: "string" };
        responses[status] = { description: success ? "success" : "error", content: { [type]: { schema: body } } };
        if (Number(status) === 201)
          (responses[status] as Json).headers = { Location: { description: "URL of the created resource", schema: { type: "string" } } };
      }
      if (doc?.pending) {
        responses["202"] = {
          description:
            "not applied: the program is protected (approvals required, or a rollout running), so the change waits as a change request for a second principal (`arena change approve ID`)",
          content: { "application/json": { schema: converter.convert(PendingAnswer, "output") } },
        };
      }
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of errorCodes(e)) {
        const status = ERROR_CODES[code].status;
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
        const described = `error: ${codes.map((c) => `\`${c}\` (${ERROR_CODES[c].meaning})`).join("; ")}`;
        const existing = responses[String(status)] as Json | undefined;
        responses[String(status)] = {
          description: existing && existing.description !== "error" ? existing.description : described,
          ...(existing?.content ? { content: existing.content } : { content: { "application/json": { schema: errorBody } } }),
          ...(status === 401
            ? { headers: { "WWW-Authenticate": { description: 'Bearer realm="arena"', schema: { type: "string" } } } }
            : {}),
          ...(status === 503 && codes.includes("overloaded")
            ? { headers: { "Retry-After": { description: "seconds to wait", schema: { type: "integer" } } } }
            : {}),
          "x-arena-error-codes": codes,
        };
      }
      (paths[path] ??= {})[e.method.toLowerCase()] = {
        operationId:
          doc?.operationId ??
          `${e.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
        summary: e.summary,
        tags: [e.tag],
        ...(e.permission ? { security: [{ bearer: [] }], "x-arena-permission": e.permission } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(e.body
          ? { requestBody: { required: true, content: { "application/json": { schema: converter.convert(e.body, "input") } } } }
          : {}),
        responses,
      };
    }
    return {
      openapi: "3.1.0",
      info: {
        title: "Arena API",
        version,
        description:
          "Champion/challenger control plane. Every mutating call needs a bearer token with a role. Errors answer `{ error: { code, message, details } }`; the codes are listed per response.",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
      },
      servers: [{ url: "/" }],
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
        schemas: Object.fromEntries(Object.entries(converter.components).sort(([a], [b]) => a.localeCompare(b))),
      },
      paths,
    };
  }
}

function objectParams(converter: SchemaConverter, schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = converter.convert(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: s,
  }));
}
