/** The HAProxy configurations bench/proxy.ts and bench/support/proxy-callgrind.ts measure, Arena's and the ones they compare it with. */
import type { ProxyConfig } from "../../src/proxy/haproxy-config.js";

/** Arena's proxy settings in both benches (key header, stickiness, bounds, one thread, buffered bodies), minus where it listens and its admin port. */
export function benchProxySettings(program: string, port: number): Omit<ProxyConfig, "adminPort" | "secret"> {
  return {
    program,
    listen: `127.0.0.1:${port}`,
    key: { header: "x-user" },
    stickyCookie: "arena_unit",
    stickyMaxAgeSeconds: 3600,
    defaultUpstream: null,
    upstreamTimeoutMs: 5_000,
    shadowTimeoutMs: 5_000,
    maxShadowInflight: 1_000,
    maxWindows: 1_000,
    maxExposures: 50_000,
    maxKeyBytes: 200,
    threads: 1,
    slots: 8,
    bufferBodies: true,
  };
}

/** Two upstream builds answering from memory, so the proxies in front of them are what is measured. */
export function upstreamsConfig(up1: number, up2: number): string {
  return (
    `global\n  nbthread 1\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n  timeout server 30s\n` +
    `frontend v1\n  bind 127.0.0.1:${up1}\n  http-request return status 200 content-type text/plain string v1\n` +
    `frontend v2\n  bind 127.0.0.1:${up2}\n  http-request return status 200 content-type text/plain string v2\n`
  );
}

/** The baseline: the same HAProxy, same thread count and body buffering, a static 90/10 weighted split, no Lua. */
export function staticSplitConfig(port: number, up1: number, up2: number): string {
  return (
    `global\n  nbthread 1\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n  timeout server 5000ms\n  timeout http-keep-alive 10s\n  option http-buffer-request\n` +
    `frontend static_in\n  bind 127.0.0.1:${port}\n  default_backend split\n` +
    `backend split\n  balance roundrobin\n  server v1 127.0.0.1:${up1} weight 90\n  server v2 127.0.0.1:${up2} weight 10\n`
  );
}
