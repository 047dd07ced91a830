import type { IdempotencyRecord } from "./store.js";

/** A row as both SQL stores hold it (the answer as JSON text). */
export interface IdempotencyRow {
  scope: string;
  key: string;
  fingerprint: string;
  state: string;
  status: number | null;
  response: string | null;
  location: string | null;
  created_at: string;
}

export const fromRow = (r: IdempotencyRow): IdempotencyRecord => ({
  scope: r.scope,
  key: r.key,
  fingerprint: r.fingerprint,
  state: r.state === "done" ? "done" : "pending",
  status: r.status,
  response: r.response === null ? null : (JSON.parse(r.response) as unknown),
  location: r.location,
  createdAt: r.created_at,
});

export const responseText = (response: unknown): string => JSON.stringify(response ?? null);
