import { CliError, EXIT } from "./errors.js";

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
    const res = await fetch(new URL(path, this.options.url), { headers: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {} }).catch((error: Error) => {
      throw new CliError(`cannot reach the Arena server at ${this.options.url} (${error.message})`, EXIT.unreachable);
    });
    if (!res.ok) throw new CliError(`HTTP ${res.status}: ${await res.text()}`, res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.failed);
    return res.text();
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(new URL(path, this.options.url), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new CliError(
        `cannot reach the Arena server at ${this.options.url} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}).\n` +
          "Start it with `npm start` (or `arena server`), or point --url / ARENA_URL at it.",
        EXIT.unreachable,
      );
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      payload = text;
    }
    // A protected change was recorded as a change request, not applied: never report it as done.
    if (res.status === 202 && (payload as { changeRequest?: unknown })?.changeRequest) throw new CliError((payload as { message: string }).message, EXIT.pending);
    if (res.ok) return payload as T;
    const message = (payload as ErrorPayload)?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401) {
      throw new CliError(`${message}\nSet ARENA_TOKEN (or --token) to a token; the server printed a bootstrap admin token on its first start.`, EXIT.auth);
    }
    if (res.status === 403) throw new CliError(message, EXIT.auth);
    if (res.status === 400 || res.status === 413 || res.status === 415) throw new CliError(message, EXIT.usage);
    throw new CliError(message, EXIT.failed);
  }
}
