/**
 * A property-based fuzzer driven by the server's own OpenAPI document: for every route it
 * generates requests from the route's schemas (valid-looking and broken bodies, path
 * parameters, known and unknown query keys, good, missing and wrong tokens) with fast-check,
 * sends them to the real server and records every answer of 500 or more.
 */
import fc from "fast-check";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
};

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: "path" | "query"; schema: JsonSchema }[];
  body: JsonSchema | null;
}

export interface FuzzRequest {
  method: string;
  url: string;
  token: "admin" | "sdk" | "viewer" | "none" | "garbage";
  body: string | undefined;
}

/** The operations of an OpenAPI document (routes that stream forever are left out: they never answer). */
export function operations(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Operation["parameters"]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (path === "/v1/sdk/stream" || path === "/v1/events") continue;
    for (const [method, op] of Object.entries(methods)) {
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content["application/json"]?.schema ?? null,
      });
    }
  }
  return out;
}

const word = fc.oneof(
  fc.constantFrom("fuzz", "fuzz-2", "champion", "challenger", "1", "2", "0", "-1", "x".repeat(300), "%00", "..", "a%2Fb", "__proto__"),
  fc.string({ maxLength: 20 }),
);

/** Values for one JSON schema: mostly of the right shape, sometimes anything at all. */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const anything = fc.jsonValue({ maxDepth: 3 });
  if (!schema || depth > 6) return anything;
  const shaped = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
    if (schema.allOf?.length) return fromSchema(schema.allOf[0], depth + 1);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case "object": {
        const props = Object.entries(schema.properties ?? {});
        if (props.length === 0)
          return fc.dictionary(
            word,
            fromSchema(typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined, depth + 1),
            { maxKeys: 4 },
          );
        return fc.record(Object.fromEntries(props.map(([k, s]) => [k, fromSchema(s, depth + 1)])), {
          requiredKeys: (schema.required ?? []).filter((k) => props.some(([p]) => p === k)),
        });
      }
      case "array":
        return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 });
      case "string":
        return fc.oneof(
          word,
          fc.date({ noInvalidDate: true, min: new Date("2000-01-01"), max: new Date("2100-01-01") }).map((d) => d.toISOString()),
          fc.constantFrom("1h", "15m", "7d", "999999999d", "10%", "https://example.com/x"),
        );
      case "integer":
        return fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom(0, 2 ** 53, -(2 ** 31)));
      case "number":
        return fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constantFrom(0, 0.5, 1, 1e308));
      case "boolean":
        return fc.boolean();
      default:
        return anything;
    }
  })();
  return fc.oneof({ arbitrary: shaped, weight: 8 }, { arbitrary: anything, weight: 1 }, { arbitrary: fc.constant(null), weight: 1 });
}

const junkBody = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
    "",
    "{",
    "[]",
    "null",
    '{"__proto__":{"x":1}}',
    '{"a":' + "[".repeat(5_000) + "]".repeat(5_000) + "}",
    "\u0000",
    '"' + "é".repeat(100) + '"',
  ),
);

/** Requests for one operation. */
export function requestsFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const pathValues = fc.tuple(...pathParams.map(() => word));
  const query = fc.tuple(
    fc
      .subarray(queryParams)
      .chain((chosen) =>
        fc.tuple(...chosen.map((p) => fromSchema(p.schema).map((v) => [p.name, typeof v === "string" ? v : JSON.stringify(v)] as const))),
      ),
    fc.option(fc.tuple(word, word), { freq: 5 }),
  );
  const body = op.body
    ? fc.oneof(
        { arbitrary: fromSchema(op.body).map((v) => JSON.stringify(v)), weight: 6 },
        { arbitrary: junkBody, weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      )
    : fc.option(junkBody, { freq: 4, nil: undefined });
  const token = fc.constantFrom<FuzzRequest["token"]>("admin", "admin", "admin", "sdk", "viewer", "none", "garbage");
  return fc.tuple(pathValues, query, body, token).map(([values, [known, extra], payload, tok]) => {
    let path = op.path;
    pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, encodeURIComponent(values[i]!))));
    const pairs = [...known, ...(extra ? [extra] : [])].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    return { method: op.method, url: pairs.length ? `${path}?${pairs.join("&")}` : path, token: tok, body: payload };
  });
}

export interface FuzzOutcome {
  requests: number;
  byStatus: Record<number, number>;
  serverErrors: { request: FuzzRequest; status: number; body: string }[];
}

/** Sends `count` generated requests (`concurrency` at a time) over all operations; never throws on a 5xx, records it. */
export async function fuzz(
  baseUrl: string,
  tokens: Record<"admin" | "sdk" | "viewer", string>,
  ops: Operation[],
  count: number,
  options: { seed?: number; concurrency?: number } = {},
): Promise<FuzzOutcome> {
  const all = fc.oneof(...ops.map((op) => requestsFor(op)));
  const requests = fc.sample(all, { numRuns: count, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const outcome: FuzzOutcome = { requests: 0, byStatus: {}, serverErrors: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const headers: Record<string, string> = {};
      if (request.token === "garbage") headers.authorization = "Bearer arena_not-a-real-token";
      else if (request.token !== "none") headers.authorization = `Bearer ${tokens[request.token]}`;
      if (request.body !== undefined) headers["content-type"] = "application/json";
      let status = 0;
      let text = "";
      try {
        const res = await fetch(new URL(request.url, baseUrl), {
          method: request.method,
          headers,
          ...(request.body !== undefined && request.method !== "GET" ? { body: request.body } : {}),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        text = await res.text();
      } catch (error) {
        status = 599;
        text = (error as Error).message;
      }
      outcome.requests++;
      outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1;
      if (status >= 500 && status !== 503) outcome.serverErrors.push({ request, status, body: text.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return outcome;
}
