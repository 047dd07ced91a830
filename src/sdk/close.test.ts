import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "./testing/eventually.js";
import { FakeArenaServer } from "./testing/fake-arena-server.js";
import { testSnapshot } from "./testing/test-snapshot.js";

const sdkEntry = fileURLToPath(new URL("./index.ts", import.meta.url));

/** Runs a script that uses the SDK in a fresh Node process; resolves with its exit code and output. */
function runChild(script: string, timeoutMs = 15_000): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut: signal === "SIGKILL" });
    });
  });
}

function clientScript(url: string, token: string, extra = "", readyMs = 3000): string {
  return `
    const { createClient } = await import(${JSON.stringify(sdkEntry)});
    const client = createClient({ url: ${JSON.stringify(url)}, token: ${JSON.stringify(token)}, pollIntervalMs: 50, exposures: { flushIntervalMs: 60000 } });
    const ready = await client.ready(${readyMs});
    for (let i = 0; i < 10; i++) client.resolve("fraud", "user-" + i);
    ${extra}
    await client.close();
    console.log(JSON.stringify({ ready, status: client.status() }));
  `;
}

let server: FakeArenaServer;

beforeEach(async () => {
  server = await new FakeArenaServer().start();
  server.publish(testSnapshot(1, { fraud: { aliases: { champion: 47 } } }));
});

afterEach(async () => {
  await server.stop();
});

describe("close()", () => {
  it("flushes, closes the stream and lets the process exit on its own", async () => {
    const result = await runChild(
      clientScript(
        server.url,
        server.token,
        `
      const started = Date.now();
      while (client.status().mode !== "stream" && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 10));
    `,
      ),
    );
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    const { ready, status } = JSON.parse(result.output.trim().split("\n").pop()!) as { ready: boolean; status: { sentExposures: number } };
    expect(ready).toBe(true);
    expect(status.sentExposures).toBe(10);
    expect(server.batches.flatMap((b) => b.exposures)).toHaveLength(10);
    await eventually(() => server.openStreams === 0, 5_000, "the stream to close");
  });

  it("lets the process exit when the server is unreachable", async () => {
    const url = server.url;
    await server.stop();
    const result = await runChild(clientScript(url, "t", "", 300));
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    const { ready, status } = JSON.parse(result.output.trim().split("\n").pop()!) as {
      ready: boolean;
      status: { droppedExposures: number };
    };
    expect(ready).toBe(false);
    expect(status.droppedExposures).toBe(0); // nothing was recorded without a snapshot
  });
});
