import type { Role } from "../core/auth/roles.js";
import type { Store } from "./store/store.js";

/** Who is acting: a person or service behind a token, or the system itself. */
export interface Actor {
  name: string;
  tokenId: string;
  roles: Role[];
}

export const SYSTEM_ACTOR: Actor = { name: "arena", tokenId: "system", roles: ["admin"] };

export type Clock = () => Date;

/** What every service needs: the store, the clock, and a way to tell SDK streams that serving changed. */
export interface ServiceContext {
  store: Store;
  now: Clock;
  servingChanged(): void;
}
