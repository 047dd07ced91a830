/** Signatures over identity rows (tokens, principals), kept beside them: without the key they cannot be forged. */
export type SealKind = "token" | "principal";

export interface SealRepo {
  get(kind: SealKind, id: string): Promise<string | null>;
  put(kind: SealKind, id: string, seal: string): Promise<void>;
}
