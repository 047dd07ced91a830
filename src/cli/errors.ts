/** Exit codes, so scripts can tell failures apart. */
export const EXIT = {
  ok: 0,
  /** The operation was refused or its answer is negative (409, 404, a failed audit verification, a failed gate). */
  failed: 1,
  /** The command line or an input file is wrong (the server answered 400, or we never sent it). */
  usage: 2,
  /** The server could not be reached. */
  unreachable: 3,
  /** The token is missing, unknown, revoked or lacks the role (401/403). */
  auth: 4,
  /** The change was recorded as a change request and waits for another principal's approval (202). */
  pending: 5,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
