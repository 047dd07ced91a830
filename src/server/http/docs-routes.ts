/**
 * GET /docs: a browsable reference of /openapi.json, served by the server itself from the
 * swagger-ui-dist package (no CDN), under a CSP that allows only the server's own scripts
 * (docs/decisions/016-api-conventions.md).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
// The dashboard's CSP fits Swagger UI as it is: own scripts and styles only, CSSOM styles, calls to this server.
import { DASHBOARD_CSP } from "../dashboard/static-routes.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Arena API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

/** Our initializer, as a file (an inline script would need 'unsafe-inline'). */
const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, tryItOutEnabled: false, persistAuthorization: false });\n`;

const FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const swaggerDir = () => dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

function secure(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .type(type)
    .header("Content-Security-Policy", DASHBOARD_CSP)
    .header("X-Content-Type-Options", "nosniff")
    .header("Referrer-Policy", "no-referrer");
}

export function docsRoutes(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  app.get("/docs", async (_request, reply) => secure(reply, "text/html; charset=utf-8").header("Cache-Control", "no-cache").send(PAGE));
  app.get("/docs/init.js", async (_request, reply) => secure(reply, "text/javascript; charset=utf-8").send(INIT));
  app.get<{ Params: { file: string } }>("/docs/:file", async (request, reply) => {
    const type = FILES[request.params.file];
    if (!type)
      return reply.status(404).send({ error: { code: "not_found", message: `no file ${request.params.file} in the API reference` } });
    let body = cache.get(request.params.file);
    if (!body) {
      body = await readFile(join(swaggerDir(), request.params.file));
      cache.set(request.params.file, body);
    }
    return secure(reply, type).header("Cache-Control", "public, max-age=86400").send(body);
  });
}
