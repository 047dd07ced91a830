import type { Role } from "../../core/auth/roles.js";

export interface StoredToken {
  id: string;
  name: string;
  roles: Role[];
  /** sha256 of the secret; the secret itself is never stored. */
  hash: string;
  /** First characters of the secret, to recognise a token in listings. */
  prefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  /** The principal the token acts for (null only for tokens made before principals, until adopted at start). */
  principalId: string | null;
}

export interface TokenRepo {
  insert(token: StoredToken): Promise<void>;
  findByHash(hash: string): Promise<StoredToken | null>;
  list(): Promise<StoredToken[]>;
  revoke(id: string, at: string): Promise<boolean>;
  count(): Promise<number>;
  /** Gives a legacy token its principal (adoption on start). */
  setPrincipal(id: string, principalId: string): Promise<void>;
}
