import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The entry is tiny (it starts the first data request) and loads the app by dynamic import;
 * a modulepreload link lets the browser fetch and compile the app chunk while the entry runs.
 */
function preloadApp(): Plugin {
  return {
    name: "arena-preload-app",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const app = Object.values(ctx.bundle ?? {}).find((c) => c.type === "chunk" && c.name === "boot");
        return app ? html.replace("</head>", `  <link rel="modulepreload" crossorigin href="/${app.fileName}">\n  </head>`) : html;
      },
    },
  };
}

/** Built into <repo>/dist/dashboard, which the Arena server serves at `/` (src/server/dashboard/). */
export default defineConfig({
  root,
  base: "/",
  plugins: [react(), preloadApp()],
  build: {
    outDir: fileURLToPath(new URL("../../dist/dashboard", import.meta.url)),
    emptyOutDir: true,
    // No inline polyfill script: the server's Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
  },
  server: {
    // `npx vite --config src/dashboard/vite.config.ts` during development: the API is a running Arena server.
    proxy: { "/v1": process.env.ARENA_URL ?? "http://127.0.0.1:7700" },
  },
});
