import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Built into <repo>/dist/dashboard, which the Arena server serves at `/` (src/server/dashboard/). */
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
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
