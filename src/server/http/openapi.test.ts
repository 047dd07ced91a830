import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../error-codes.js";
import { startHarness, type Harness } from "../testing/harness.js";
import { errorCodeTable } from "./error-code-table.js";
import { ROUTE_DOCS } from "./route-docs.js";

const root = resolve(import.meta.dirname, "../../..");

describe("the OpenAPI document", () => {
  let h: Harness;
  let doc: {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        { operationId: string; responses: Record<string, { content?: Record<string, unknown>; "x-arena-error-codes"?: string[] }> }
      >
    >;
    components: { schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    h = await startHarness();
    doc = (await h.call("GET", "/openapi.json")).body;
  });
  afterAll(() => h.close());

  const operations = () => Object.values(doc.paths).flatMap((ops) => Object.values(ops));

  it("is OpenAPI 3.1 with a unique operationId per route, each from the route table", () => {
    expect(doc.openapi).toBe("3.1.0");
    const ids = operations().map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const documented = new Set(Object.values(ROUTE_DOCS).map((d) => d.operationId));
    for (const id of ids) expect(documented.has(id), `ROUTE_DOCS has an entry for ${id}`).toBe(true);
    expect(ids.length).toBe(Object.keys(ROUTE_DOCS).length);
  });

  it("names the contracts' schemas as components and refers to them", () => {
    for (const name of ["ProgramDetail", "CandidateSchema", "ErrorBody"]) expect(Object.keys(doc.components.schemas)).toContain(name);
    const text = JSON.stringify(doc.paths);
    expect(text).toContain('"$ref":"#/components/schemas/ProgramDetail"');
    for (const ref of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas[ref[1]!], ref[1]).toBeDefined();
  });

  it("declares the errors each route can answer, with their codes", () => {
    const move = doc.paths["/v1/programs/{program}/aliases/{alias}"]!.put!;
    expect(move.responses["409"]!["x-arena-error-codes"]).toEqual(expect.arrayContaining(["alias_moved", "not_aliasable"]));
    expect(Object.keys(move.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404", "409", "413", "415", "503"]));
    expect(doc.paths["/v1/programs/{program}/rollouts"]!.post!.responses["422"]!["x-arena-error-codes"]).toContain("gate_failed");
    expect(Object.keys(doc.paths["/metrics"]!.get!.responses["200"]!.content!)).toEqual(["text/plain; version=0.0.4"]);
    // A protected change answers 202 with the change request it became.
    expect(JSON.stringify(doc.paths["/v1/programs/{program}/traffic"]!.put!.responses["202"])).toContain(
      "#/components/schemas/PendingAnswer",
    );
    expect(JSON.stringify(doc.components.schemas.PendingAnswer)).toContain("#/components/schemas/ChangeRequestSchema");
  });

  it("generates a typed client whose calls type-check (openapi-typescript)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "arena-openapi-client-"));
    writeFileSync(join(dir, "api.ts"), astToString(await openapiTS(doc as never)));
    writeFileSync(
      join(dir, "use.ts"),
      `import type { components, operations, paths } from "./api";
type Program = operations["getProgram"]["responses"][200]["content"]["application/json"];
export function describeProgram(p: Program): string { return p.name + " by " + p.createdBy; }
export type Move = paths["/v1/programs/{program}/aliases/{alias}"]["put"]["requestBody"]["content"]["application/json"];
export const move: Move = { version: 2, reason: "canary", expectedVersion: 1 };
export type Err = components["schemas"]["ErrorBody"];
export const code: Err["error"]["code"] = "alias_moved";
// @ts-expect-error a field the API does not have
export const wrong: Move = { version: 2, reason: "x", nosuch: true };
`,
    );
    const program = ts.createProgram([join(dir, "use.ts")], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });
});

describe("error codes", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
    });

  it("every code the server writes by hand is in the catalogue", () => {
    for (const file of files(join(root, "src/server"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bcode: "([a-z_]+)"/g))
        expect(ERROR_CODES, `${file}: ${m[1]}`).toHaveProperty(m[1]!);
    }
  });

  it("docs/api.md lists every code (regenerate with npm run docs:api)", () => {
    const api = readFileSync(join(root, "docs/api.md"), "utf8");
    expect(api).toContain(errorCodeTable());
  });
});
