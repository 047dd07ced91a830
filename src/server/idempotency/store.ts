/** One `Idempotency-Key` a principal used: what it was sent with, and once done, the answer to give again. */
export interface IdempotencyRecord {
  /** Whose key: the principal's name (keys of different callers never collide). */
  scope: string;
  key: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  /** "pending" while the first request runs; "done" with its answer after. */
  state: "pending" | "done";
  status: number | null;
  response: unknown;
  location: string | null;
  createdAt: string;
}

export interface IdempotencyRepo {
  get(scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** Records a pending key; false when the key exists already. */
  begin(record: IdempotencyRecord): Promise<boolean>;
  finish(scope: string, key: string, status: number, response: unknown, location: string | null): Promise<void>;
  remove(scope: string, key: string): Promise<void>;
  /** Forgets keys created before `before` (ISO time); returns how many. */
  expire(before: string): Promise<number>;
}
