/**
 * Every error code the API answers with, its HTTP status and what it means. The error classes
 * accept only these codes (a new one must be added here), and docs/api.md's table is generated
 * from this list (`npm run docs:api`; a test fails when the table is stale).
 */
export const ERROR_CODES = {
  invalid_input: {
    status: 400,
    meaning: "a parameter, query field or body field breaks its rule; `message` and `details[].path` name the field",
  },
  invalid_json: { status: 400, meaning: "the body is not valid JSON" },
  unauthorized: { status: 401, meaning: "no token, a malformed Authorization header, or an unknown or revoked token" },
  forbidden: {
    status: 403,
    meaning: "the token's roles do not grant the permission, or the approval is refused (own rollout, not a member, one person per role)",
  },
  not_found: { status: 404, meaning: "the program, version, alias, rollout, token, metric, policy or route does not exist" },
  method_not_allowed: { status: 405, meaning: "the path exists with other methods; `Allow` lists them" },
  conflict: { status: 409, meaning: "the change conflicts with the current state" },
  already_exists: { status: 409, meaning: "a program with this name exists" },
  alias_moved: { status: 409, meaning: "compare-and-set: the alias does not point where `expectedVersion` said" },
  alias_not_set: { status: 409, meaning: "traffic names an alias that points at no version" },
  not_aliasable: { status: 409, meaning: "the version is rejected or retired and cannot be aliased" },
  external_ref_taken: {
    status: 409,
    meaning: "the candidate's `externalRef` names a registered version with other content; versions are immutable",
  },
  version_in_use: { status: 409, meaning: "the version cannot be retired while aliases point at it" },
  no_rollback_target: { status: 409, meaning: "the alias has no earlier version to roll back to" },
  no_policy: { status: 409, meaning: "the program has no policy; apply one first" },
  no_champion: { status: 409, meaning: "a rollout needs a @champion to compare against" },
  idempotency_in_progress: {
    status: 409,
    meaning: "a request with this `Idempotency-Key` is still running (or was cut off by a crash: check whether it took effect)",
  },
  rollout_running: { status: 409, meaning: "the program already has a rollout running" },
  stale_rollout: { status: 409, meaning: "the rollout changed meanwhile (another writer); nothing was written, retry" },
  not_leader: { status: 409, meaning: "this replica lost the controller's lease mid-write; nothing was written" },
  protected: {
    status: 409,
    meaning:
      "the program's metrics or segments are protected (approvals required or a rollout running): change the policy instead, which asks for approval",
  },
  change_stale: {
    status: 409,
    meaning: "a change request's target changed since it was requested; nothing was applied (reject it and ask again)",
  },
  not_pending: { status: 409, meaning: "the change request was approved, rejected or applied already" },
  last_admin: { status: 409, meaning: "revoking or disabling this would leave no active admin; create another admin first" },
  principal_exists: {
    status: 409,
    meaning: "a principal with this name (or a look-alike of it) exists or existed; names are never reused",
  },
  already_disabled: { status: 409, meaning: "the principal is disabled already" },
  principal_disabled: { status: 409, meaning: "the principal is disabled: its tokens are refused and it gets no new ones" },
  role_not_held: { status: 409, meaning: "a token cannot carry a role its principal does not hold" },
  rollout_ended: { status: 409, meaning: "the rollout is promoted, rolled back or aborted; the action no longer applies" },
  no_challenger: { status: 409, meaning: "the rollout has no challenger left to act on" },
  champion_as_challenger: { status: 409, meaning: "the champion's own version cannot be its challenger" },
  in_burn_in: { status: 409, meaning: "the action is not possible during the burn-in watch" },
  not_awaiting: { status: 409, meaning: "the rollout is not waiting for an approval" },
  already_approved: { status: 409, meaning: "this approval role has signed off already" },
  self_approval: {
    status: 409,
    meaning: "the requester cannot reject their own rollout (abort it instead); approving it is a 403 forbidden",
  },
  precondition_failed: {
    status: 412,
    meaning: "`If-Match` names an entity tag the resource no longer has: someone changed it since you read it; read it again and retry",
  },
  body_too_large: { status: 413, meaning: "the body is larger than the endpoint accepts" },
  unsupported_media_type: { status: 415, meaning: "send JSON with `Content-Type: application/json`" },
  registry_gate_failed: {
    status: 422,
    meaning: "the candidate fails the registry gate; it got no version number (`details` and the decision record say why)",
  },
  idempotency_key_reused: {
    status: 422,
    meaning: "this `Idempotency-Key` was used for a different request (method, path or body); use a new key",
  },
  gate_failed: { status: 422, meaning: "the challenger fails the pre-production gate; the rollout did not start" },
  too_many_failed_authentications: {
    status: 429,
    meaning: "too many failed authentications from this address; retry after `Retry-After` seconds (any token)",
  },
  too_many_streams: {
    status: 429,
    meaning: "the principal has as many open SDK streams as allowed (`ARENA_MAX_STREAMS_PER_PRINCIPAL`); close some",
  },
  internal: { status: 500, meaning: "a server bug; the server log has the details" },
  overloaded: { status: 503, meaning: "admission limit reached (ingest); retry after `Retry-After` seconds" },
  store_unavailable: { status: 503, meaning: "the database does not answer; nothing was written, retry" },
  not_ready: { status: 503, meaning: "`/readyz`: the store does not answer yet" },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ConflictCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]["status"] extends 409 ? K : never }[ErrorCode];
