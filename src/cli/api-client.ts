import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { CliError, EXIT } from "./errors.js";

/**
 * One HTTP exchange with node:http(s). Not fetch: loading fetch's implementation costs a command
 * about 100 ms of start-up, more than the rest of the CLI (bench/cli.ts).
 */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      { method, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => reject(new Error(error.code ? `${error.code}: ${error.message}` : error.message)));
    req.end(body);
  });
}

export interface ApiOptions {
  url: string;
  token: string | undefined;
}

interface ErrorPayload {
  error?: { code?: string; message?: string; details?: Array<{ path: string; message: string }> };
}

/** A small JSON client for the Arena API that turns every failure into a CliError with a helpful message. */
export class ApiClient {
  constructor(private readonly options: ApiOptions) {}

  get url(): string {
    return this.options.url;
  }

  get token(): string | undefined {
    return this.options.token;
  }

  /** The raw text of a GET (exports). */
  async text(path: string): Promise<string> {
    const res = await fetch(new URL(path, this.options.url), {
      headers: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
    }).catch((error: Error) => {
      throw new CliError(`cannot reach the Arena server at ${this.options.url} (${error.message})`, EXIT.unreachable);
    });
    if (!res.ok)
      throw new CliError(`HTTP ${res.status}: ${await res.text()}`, res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failed);
    return res.text();
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.exchange<T>(method, path, body)).body;
  }

  /** The answer with its status (e.g. 201 created vs 200 already there). */
  async exchange<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const payloadText = body !== undefined ? JSON.stringify(body) : undefined;
    if (payloadText !== undefined) headers["content-type"] = "application/json";
    let res: { status: number; text: string };
    try {
      res = await send(new URL(path, this.options.url), method, headers, payloadText);
    } catch (error) {
      throw new CliError(
        `cannot reach the Arena server at ${this.options.url} (${(error as Error).message}).\n` +
          "Start it with `npm start` (or `arena server`), or point --url / ARENA_URL at it.",
        EXIT.unreachable,
      );
    }
    if (res.status === 204) return { status: 204, body: undefined as T };
    const text = res.text;
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      payload = text;
    }
    // A protected change was recorded as a change request, not applied: never report it as done.
    if (res.status === 202 && (payload as { changeRequest?: unknown })?.changeRequest)
      throw new CliError((payload as { message: string }).message, EXIT.pending);
    if (res.status >= 200 && res.status < 300) return { status: res.status, body: payload as T };
    const message = (payload as ErrorPayload)?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401) {
      throw new CliError(
        `${message}\nSet ARENA_TOKEN (or --token) to a token; the server printed a bootstrap admin token on its first start.`,
        EXIT.auth,
      );
    }
    if (res.status === 403) throw new CliError(message, EXIT.auth);
    if (res.status === 400 || res.status === 413 || res.status === 415) throw new CliError(message, EXIT.usage);
    throw new CliError(message, EXIT.failed);
  }
}
