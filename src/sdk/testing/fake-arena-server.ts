import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Snapshot } from "../../core/assignment/snapshot.js";
import { snapshotEtag } from "../../core/assignment/snapshot.js";
import type { ExposureBatch } from "../exposure-shipper.js";

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** When it arrived (Date.now()). */
  at: number;
  /** Status answered, once answered. */
  status?: number;
}

/** Body of POST /v1/telemetry as the fake server received it. */
export interface TelemetryBatchBody {
  batchId: string;
  events: Array<Record<string, unknown>>;
}

/**
 * A small stand-in for the Arena server's SDK endpoints, for tests: snapshot
 * with ETag/304, snapshot stream (SSE), exposure and telemetry intake. It can
 * fail the stream, script exposure and telemetry answers (e.g. 429 with
 * Retry-After) and go down and up again on the same port.
 */
export class FakeArenaServer {
  readonly requests: RecordedRequest[] = [];
  readonly batches: ExposureBatch[] = [];
  /** Every telemetry batch received, including retries and refused ones. */
  readonly telemetryBatches: TelemetryBatchBody[] = [];
  /** Status the stream endpoint answers with; anything but 200 makes it fail. */
  streamStatus = 200;
  private snapshot: Snapshot | null = null;
  private readonly exposureScript: ScriptedResponse[] = [];
  private readonly telemetryScript: ScriptedResponse[] = [];
  /** Status answered to each of telemetryBatches. */
  private readonly telemetryStatuses: number[] = [];
  private readonly streams = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private port = 0;

  constructor(readonly token = "test-token") {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get openStreams(): number {
    return this.streams.size;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops answering: closes the listener and every open connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.streams.clear();
    for (const socket of this.sockets) socket.destroy();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Makes a snapshot current and pushes it to every open stream. */
  publish(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    for (const res of this.streams) this.writeSnapshot(res, snapshot);
  }

  /** Closes every open stream from the server side (clients should reconnect). */
  dropStreams(): void {
    for (const res of this.streams) res.destroy();
    this.streams.clear();
  }

  /** Answers the next exposure POSTs with these responses, in order, before accepting again. */
  scriptExposures(...responses: ScriptedResponse[]): void {
    this.exposureScript.push(...responses);
  }

  /** Answers the next telemetry POSTs with these responses, in order, before accepting again. */
  scriptTelemetry(...responses: ScriptedResponse[]): void {
    this.telemetryScript.push(...responses);
  }

  /** Telemetry batches the fake accepted (200), each batchId once, as the real server counts them. */
  acceptedTelemetry(): TelemetryBatchBody[] {
    const seen = new Set<string>();
    return this.telemetryBatches.filter((b, i) => this.telemetryStatuses[i] === 200 && !seen.has(b.batchId) && seen.add(b.batchId));
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, at: Date.now() };
    this.requests.push(recorded);
    res.on("finish", () => (recorded.status = res.statusCode));
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.end(res, 401);
    if (req.method === "GET" && path === "/v1/sdk/snapshot") return this.serveSnapshot(req, res);
    if (req.method === "GET" && path === "/v1/sdk/stream") return this.serveStream(res);
    if (req.method === "POST" && path === "/v1/exposures") return this.takeExposures(req, res);
    if (req.method === "POST" && path === "/v1/telemetry") return this.takeTelemetry(req, res);
    this.end(res, 404);
  }

  private serveSnapshot(req: IncomingMessage, res: ServerResponse): void {
    if (this.snapshot === null) return this.end(res, 503);
    const etag = snapshotEtag(this.snapshot.revision);
    if (req.headers["if-none-match"] === etag) return this.end(res, 304, { etag });
    res.writeHead(200, { "content-type": "application/json", etag });
    res.end(JSON.stringify(this.snapshot));
  }

  private serveStream(res: ServerResponse): void {
    if (this.streamStatus !== 200) return this.end(res, this.streamStatus);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(": connected\n\n");
    this.streams.add(res);
    res.on("close", () => this.streams.delete(res));
    if (this.snapshot !== null) this.writeSnapshot(res, this.snapshot);
  }

  private writeSnapshot(res: ServerResponse, snapshot: Snapshot): void {
    res.write(`event: snapshot\nid: ${snapshot.revision}\ndata: ${JSON.stringify(snapshot)}\n\n`);
  }

  private async takeExposures(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const batch = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ExposureBatch;
    this.batches.push(batch);
    const scripted = this.exposureScript.shift();
    if (scripted !== undefined) return this.end(res, scripted.status, scripted.headers, scripted.body);
    this.end(res, 202);
  }

  private async takeTelemetry(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const batch = JSON.parse(Buffer.concat(chunks).toString("utf8")) as TelemetryBatchBody;
    this.telemetryBatches.push(batch);
    const scripted = this.telemetryScript.shift();
    this.telemetryStatuses.push(scripted?.status ?? 200);
    if (scripted !== undefined) return this.end(res, scripted.status, scripted.headers, scripted.body);
    this.end(res, 200, {}, JSON.stringify({ batchId: batch.batchId, duplicate: false, accepted: batch.events.length, rejected: [] }));
  }

  private end(res: ServerResponse, status: number, headers: Record<string, string> = {}, body?: string): void {
    res.writeHead(status, body === undefined ? headers : { "content-type": "application/json", ...headers });
    res.end(body);
  }
}
