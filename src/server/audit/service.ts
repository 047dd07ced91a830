import type { ServiceContext } from "../context.js";
import { ChainVerifier, type ChainVerdict } from "./chain.js";
import type { AuditEntry, AuditFilter } from "./store.js";

const PAGE = 1000;

export class AuditService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const entries = await this.ctx.store.tx((r) => r.audit.list(filter));
    const last = entries.at(-1);
    return { entries, next: entries.length === filter.limit && last ? last.seq : null };
  }

  /** Re-hashes the whole chain page by page and names the first tampered entry. */
  async verify(): Promise<ChainVerdict> {
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const page = await this.ctx.store.tx((r) => r.audit.list({ after, limit: PAGE }));
      for (const entry of page) if (!verifier.push(entry)) return verifier.verdict();
      if (page.length < PAGE) return verifier.verdict();
      after = page.at(-1)!.seq;
    }
  }
}
