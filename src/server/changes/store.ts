/** A protected change waiting for (or past) its approval. Stored as one document. */
import type { CHANGE_KINDS } from "../../contracts/changes.js";

export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type ChangeStatus = "pending" | "applied" | "rejected";

export interface PrincipalRef {
  id: string;
  name: string;
}

export interface ChangeApproval {
  role: string;
  by: PrincipalRef;
  at: string;
  comment: string;
}

export interface ChangeRequest {
  id: string;
  /** null: the global freeze. */
  program: string | null;
  kind: ChangeKind;
  status: ChangeStatus;
  /** What to apply, exactly as the direct call would have (validated already). */
  change: Record<string, unknown>;
  /** The state it replaces and the state it makes, for people and the audit trail. */
  diff: { before: unknown; after: unknown };
  /** Why it needs approval (which rule protects it). */
  protectedBecause: string;
  reason: string;
  requestedBy: PrincipalRef;
  requestedAt: string;
  /** Roles that must each sign off, each by a different principal who is not the requester. */
  requiredRoles: { name: string; members: string[] | null }[];
  approvals: ChangeApproval[];
  decidedBy: PrincipalRef | null;
  decidedAt: string | null;
  decision: string | null;
}

export interface ChangeRepo {
  insert(c: ChangeRequest): Promise<void>;
  get(id: string): Promise<ChangeRequest | null>;
  update(c: ChangeRequest): Promise<void>;
  list(filter: { program?: string | undefined; status?: ChangeStatus | undefined; limit: number }): Promise<ChangeRequest[]>;
}
