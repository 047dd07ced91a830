import type { Principal } from "../../core/auth/principals.js";

export interface PrincipalRepo {
  insert(p: Principal): Promise<void>;
  get(id: string): Promise<Principal | null>;
  byName(name: string): Promise<Principal | null>;
  list(): Promise<Principal[]>;
  /** Returns false if there is no active principal with that id. */
  disable(id: string, at: string): Promise<boolean>;
}
