/**
 * Where webhooks may go. Only http(s); never a private, loopback, link-local, CGNAT, multicast or
 * unspecified address unless the server's allow-list names the host or address
 * (ARENA_WEBHOOK_ALLOW_HOSTS). Checked when a policy is applied (literal addresses) and again
 * at send time on the address actually connected to, so a name that rebinds to an internal
 * address after the check is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { ValidationError } from "../errors.js";

const internal = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  internal.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  internal.addSubnet(net, bits, "ipv6");

/** True for an address a webhook must not reach without an allow-list entry. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return internal.check(mapped[1]!, "ipv4");
    return internal.check(address, "ipv6");
  }
  return internal.check(address, "ipv4");
}

const bare = (host: string) => host.replace(/^\[|\]$/g, "").toLowerCase();

/** Why `url` may not be a webhook target, or null. Host names are judged at send time, on the address they resolve to. */
export function webhookUrlProblem(url: string, allowHosts: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `must be http or https, not ${parsed.protocol.replace(":", "")}`;
  const host = bare(parsed.hostname);
  if (allowHosts.includes(host)) return null;
  if (host === "localhost" || host.endsWith(".localhost") || isInternalAddress(host)) {
    return `${host} is a private, loopback or link-local address; add it to ARENA_WEBHOOK_ALLOW_HOSTS to allow it`;
  }
  return null;
}

/** 400 naming the first webhook whose target is refused. */
export function checkWebhookTargets(webhooks: readonly { url: string }[], allowHosts: readonly string[]): void {
  webhooks.forEach((hook, i) => {
    const problem = webhookUrlProblem(hook.url, allowHosts);
    if (problem)
      throw new ValidationError(`body.notifications.webhooks.${i}.url: ${problem}`, [
        { path: `body.notifications.webhooks.${i}.url`, message: problem },
      ]);
  });
}

/** A DNS lookup that refuses internal addresses for hosts not on the allow-list (runs on every connect). */
function guardedLookup(allowHosts: readonly string[], resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const allowed = allowHosts.includes(bare(hostname));
      const bad = addresses.find((a) => !allowed && !allowHosts.includes(a.address) && isInternalAddress(a.address));
      if (bad)
        return callback(
          Object.assign(
            new Error(
              `refused: ${hostname} resolves to ${bad.address}, a private, loopback or link-local address (ARENA_WEBHOOK_ALLOW_HOSTS)`,
            ),
            { code: "EWEBHOOKTARGET" },
          ),
          "",
          0,
        );
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Resolves a host name to all its addresses (dns.lookup by default; tests stand in a rebinding resolver). */
export type Resolver = (hostname: string, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Posts one webhook through the guarded lookup; resolves with the status code. Redirects are not followed. */
export function postWebhook(
  url: string,
  post: WebhookPost,
  allowHosts: readonly string[],
  resolver: Resolver = systemResolver,
): Promise<number> {
  const problem = webhookUrlProblem(url, allowHosts);
  if (problem) return Promise.reject(new Error(`refused: ${problem}`));
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: "POST",
        headers: { ...post.headers, "content-length": String(Buffer.byteLength(post.body)) },
        lookup: guardedLookup(allowHosts, resolver),
        timeout: post.timeoutMs,
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
        res.once("error", reject);
      },
    );
    req.once("timeout", () => req.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    req.once("error", reject);
    req.end(post.body);
  });
}
