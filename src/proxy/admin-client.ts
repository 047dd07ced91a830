/** Talks to the proxy's admin service (arena.lua's `arena_admin`, bound to 127.0.0.1). */
export class ProxyAdmin {
  constructor(
    readonly port: number,
    private readonly secret: string,
    private readonly timeoutMs = 5_000,
  ) {}

  private async call(method: string, path: string, body?: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { "x-arena-proxy-secret": this.secret, ...(body !== undefined ? { "content-type": "text/plain" } : {}) },
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`proxy admin ${method} ${path}: ${response.status} ${text.trim()}`);
    return text;
  }

  /** Replaces the live routing table (no reload); the proxy refuses a malformed one and keeps the old. */
  pushTable(text: string): Promise<string> {
    return this.call("PUT", "/arena/table", text);
  }

  /** Takes the telemetry folded since the last drain (the proxy forgets it). */
  drain(): Promise<string> {
    return this.call("POST", "/arena/drain", "");
  }

  /** Evaluates conformance lines against tables given in the body, inside the proxy. */
  evaluate(body: string): Promise<string> {
    return this.call("POST", "/arena/evaluate", body);
  }

  /** Counts answers given as the packed integers the proxy's converter receives (tests). */
  record(packed: string[]): Promise<string> {
    return this.call("POST", "/arena/record", packed.map((p) => `${p}\n`).join(""));
  }

  status(): Promise<string> {
    return this.call("GET", "/arena/status");
  }
}
