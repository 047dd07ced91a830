import type { PolicyDocument } from "../../contracts/policy.js";

export interface StoredPolicy {
  program: string;
  revision: number;
  document: PolicyDocument;
  appliedAt: string;
  appliedBy: string;
}

export interface PolicyRepo {
  get(program: string): Promise<StoredPolicy | null>;
  /** Stores a new revision (previous ones are kept for the record). */
  put(p: StoredPolicy): Promise<void>;
}
