/**
 * Typed errors, each carrying its HTTP status. One handler (http/error-handler.ts)
 * turns them into `{ error: { code, message, details } }`.
 */
import type { ConflictCode, ErrorCode } from "./error-codes.js";

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super(400, "invalid_input", message, details);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "missing or invalid API token: send 'Authorization: Bearer <token>'") {
    super(401, "unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, "forbidden", message);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, "not_found", message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, code: ConflictCode = "conflict") {
    super(409, code, message);
  }
}
export class OverloadedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, "overloaded", message);
  }
}
