/** The serving revision: bumped in the same transaction as any change SDKs must see. */
export interface ServingRepo {
  revision(): Promise<number>;
  bump(): Promise<number>;
}
