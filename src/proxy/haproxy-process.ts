/** Starts HAProxy (from the system, e.g. Debian's `haproxy` package) on a written config, and stops it. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import type { ProxyAdmin } from "./admin-client.js";

export const HAPROXY_BIN = process.env.ARENA_HAPROXY_BIN ?? "haproxy";

/** The config check HAProxy itself runs (`haproxy -c`); returns its complaint, or null when valid. */
export function checkConfig(configPath: string, bin = HAPROXY_BIN): string | null {
  const result = spawnSync(bin, ["-c", "-f", configPath], { encoding: "utf8" });
  if (result.error) return `cannot run ${bin}: ${result.error.message} (install it: apt-get install haproxy)`;
  return result.status === 0 ? null : `${result.stdout}${result.stderr}`.trim();
}

/** A free TCP port on 127.0.0.1 (HAProxy cannot report a port it picked itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface HaproxyProcess {
  child: ChildProcess;
  /** Output so far (HAProxy's warnings and alerts). */
  output(): string;
  /** Resolves with the exit code (or signal) once it ends. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/** Spawns `haproxy -f config -db` (foreground) and waits until the admin service answers. */
export async function startHaproxy(configPath: string, admin: ProxyAdmin, bin = HAPROXY_BIN, readyTimeoutMs = 20_000): Promise<HaproxyProcess> {
  const child = spawn(bin, ["-f", configPath, "-db"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    child.once("error", (error) => {
      out += `\n${error.message}`;
      resolve("spawn failed");
    });
  });
  let gone: number | string | null = null;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (gone !== null) throw new Error(`haproxy exited (${gone}) before it was ready:\n${out}`);
    try {
      await admin.status();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`haproxy did not answer on its admin port within ${readyTimeoutMs} ms: ${(error as Error).message}\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (gone !== null) return;
      // SIGUSR1: soft stop, connections in flight finish; SIGTERM after a grace period.
      child.kill("SIGUSR1");
      const timer = setTimeout(() => child.kill("SIGTERM"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
