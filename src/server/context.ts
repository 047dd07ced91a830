import { systemPrincipalId } from "../core/auth/principals.js";
import type { Role } from "../core/auth/roles.js";
import type { Store } from "./store/store.js";

/** Who is acting: a principal (person or service) behind one of its tokens, or the system itself. */
export interface Actor {
  /** The principal's unique name. */
  name: string;
  /** The principal's immutable id: what four-eyes rules and the audit trail compare. */
  principalId: string;
  tokenId: string;
  roles: Role[];
}

export const SYSTEM_ACTOR: Actor = { name: "arena", principalId: systemPrincipalId("arena"), tokenId: "system", roles: ["admin"] };

/** An actor the system acts as (controller, demo seeder): a reserved principal no token can be issued for. */
export const systemActor = (name: string): Actor => ({ ...SYSTEM_ACTOR, name, principalId: systemPrincipalId(name) });

export type Clock = () => Date;

/** What every service needs: the store, the clock, and a way to tell SDK streams that serving changed. */
export interface ServiceContext {
  store: Store;
  now: Clock;
  servingChanged(): void;
}
