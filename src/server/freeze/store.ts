/** A kill switch: global (program null) or for one program. */
export interface Freeze {
  program: string | null;
  by: string;
  reason: string;
  at: string;
}

export interface FreezeRepo {
  list(): Promise<Freeze[]>;
  set(f: Freeze): Promise<void>;
  /** Returns false if that scope was not frozen. */
  clear(program: string | null): Promise<boolean>;
}
