export type ErrorSource = "stream" | "poll" | "snapshot" | "bootstrap" | "exposures" | "telemetry" | "callback";

/** A background failure, reported through `onError`; never thrown from resolve. */
export class ArenaSdkError extends Error {
  override readonly name = "ArenaSdkError";

  constructor(
    readonly source: ErrorSource,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wraps anything thrown into an ArenaSdkError that keeps the original as its cause. */
export function sdkError(source: ErrorSource, context: string, cause: unknown): ArenaSdkError {
  if (cause instanceof ArenaSdkError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ArenaSdkError(source, `${context}: ${detail}`, { cause });
}

/** An HTTP answer the SDK did not expect. */
export class HttpStatusError extends Error {
  override readonly name = "HttpStatusError";

  constructor(
    readonly status: number,
    readonly retryAfter: string | null,
  ) {
    super(`HTTP ${status}`);
  }
}
