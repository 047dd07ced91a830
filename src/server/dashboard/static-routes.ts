/**
 * Serves the built dashboard (Vite output) from the Arena server itself: hashed
 * assets under /assets/, and index.html for the client routes so a reload of
 * /rollouts/:id works. A tiny handler instead of @fastify/static: four kinds of
 * file, no directory listing, no new runtime dependency (docs/decisions/008-dashboard.md).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Strict: only our own scripts, styles and API; no inline script, no eval, no framing.
 * Styles set through the CSSOM (React's `style` prop) are not inline style attributes, so
 * 'unsafe-inline' is not needed.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Client routes answered with index.html (the dashboard routes them in the browser). */
export const CLIENT_ROUTES = ["/", "/programs/*", "/rollouts/*", "/decisions", "/audit", "/changes"];

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/** Where the build lives: $ARENA_DASHBOARD_DIR, else <package root>/dist/dashboard (from src/ under tsx or dist/src/ when built). */
export function dashboardDir(): string {
  if (process.env.ARENA_DASHBOARD_DIR) return resolve(process.env.ARENA_DASHBOARD_DIR);
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "dist", "dashboard");
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header("Content-Security-Policy", DASHBOARD_CSP)
    .header("X-Content-Type-Options", "nosniff")
    .header("Referrer-Policy", "no-referrer")
    .header("X-Frame-Options", "DENY");
}

const missingBuild = (dir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Arena: dashboard not built</title></head>
<body>
<h1>The Arena dashboard is not built yet</h1>
<p>The API is running; only the web dashboard's files are missing from <code>${dir.replace(/[<>&]/g, "")}</code>.</p>
<p>Build it once, then reload this page (no restart needed):</p>
<pre>npm run build</pre>
<p>(or only the dashboard: <code>npx vite build --config src/dashboard/vite.config.ts</code>).
The CLI and the API work without it: see <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
`;

async function sendIndex(reply: FastifyReply): Promise<FastifyReply> {
  const dir = dashboardDir();
  secure(reply).header("Cache-Control", "no-cache");
  try {
    const html = await readFile(join(dir, "index.html"));
    return reply.type("text/html; charset=utf-8").send(html);
  } catch {
    return reply.status(503).type("text/html; charset=utf-8").send(missingBuild(dir));
  }
}

export function staticRoutes(app: FastifyInstance): void {
  for (const url of CLIENT_ROUTES) app.get(url, (_request, reply) => sendIndex(reply));
  app.get<{ Params: { file: string } }>("/assets/:file", async (request, reply) => {
    const { file } = request.params;
    const type = TYPES[/\.[a-z0-9]+$/.exec(file)?.[0] ?? ""];
    // One flat folder of hashed names: anything else (dots, slashes, encodings) is not ours.
    if (!type || !/^[\w-]+(\.[\w-]+)*$/.test(file)) return reply.callNotFound();
    try {
      const body = await readFile(join(dashboardDir(), "assets", file));
      // Names carry a content hash: a changed file is a new name, so the old one may be kept forever.
      return secure(reply).header("Cache-Control", "public, max-age=31536000, immutable").type(type).send(body);
    } catch {
      return reply.callNotFound();
    }
  });
}
