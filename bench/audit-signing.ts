/**
 * audit-signing: the cost of the signed audit trail on an audited write. The same alias moves
 * (one unit of work each: move, serving bump, audit entry) on SQLite, once through the
 * AuditedStore (Ed25519 signature per entry + a signed checkpoint appended and fsynced to the
 * witness file after each commit) and once on the bare store as before (hash chain only).
 * Also reports how long `verify --state` takes over the resulting log, and what checking the
 * token and principal seals adds to authenticating a request (warm cache), against the same
 * look-ups without seal checks.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditedStore } from "../src/server/audit/audited-store.js";
import { AuditService } from "../src/server/audit/service.js";
import { AuditKeyring } from "../src/server/audit/signing-key.js";
import { Checkpointer, FileWitness } from "../src/server/audit/witness.js";
import { SYSTEM_ACTOR, type ServiceContext } from "../src/server/context.js";
import { SealChecker } from "../src/server/seals/seal.js";
import { createServices } from "../src/server/services.js";
import { TokenService } from "../src/server/tokens/service.js";
import { SqliteStore } from "../src/server/store/sqlite-store.js";
import type { Store } from "../src/server/store/store.js";
import type { BenchResult } from "./result.js";
import { round } from "./support/stats.js";

async function movesPerWrite(store: Store, moves: number): Promise<number> {
  const ctx: ServiceContext = { store, now: () => new Date(), servingChanged: () => undefined };
  const s = createServices(ctx);
  await s.programs.create({ name: "bench", description: "", owners: [] }, SYSTEM_ACTOR);
  for (const uri of ["s3://m/1", "s3://m/2"])
    await s.candidates.register(
      "bench",
      {
        description: "",
        artifactUri: uri,
        provenance: { codeCommit: null, lockfileHash: null, dataFingerprint: null },
        metrics: {},
        checks: [],
        tags: [],
      },
      SYSTEM_ACTOR,
    );
  const started = performance.now();
  for (let i = 0; i < moves; i++)
    await s.aliases.move({ program: "bench", alias: "champion", version: 1 + (i % 2), reason: `move ${i}` }, SYSTEM_ACTOR);
  return (performance.now() - started) / moves;
}

export default async function bench(args: string[]): Promise<BenchResult> {
  const moves = Number(args[0] ?? 300);
  const dir = mkdtempSync(join(tmpdir(), "arena-bench-audit-"));
  const keyring = AuditKeyring.ephemeral();
  const witness = new FileWitness(join(dir, "witness.jsonl"));
  const signedStore = new AuditedStore(new SqliteStore(join(dir, "signed.db")), new Checkpointer(keyring, witness, () => new Date()));
  const bareStore = new SqliteStore(join(dir, "bare.db"));
  const bareMs = await movesPerWrite(bareStore, moves);
  const signedMs = await movesPerWrite(signedStore, moves);
  const ctx: ServiceContext = { store: signedStore, now: () => new Date(), servingChanged: () => undefined };
  const audit = new AuditService(ctx, { keyring, witness });
  const verifyStart = performance.now();
  const verdict = await audit.verify({ state: true });
  const verifyMs = performance.now() - verifyStart;
  if (!verdict.valid) throw new Error(`the bench's own log does not verify: ${verdict.problem}`);
  const tokens = new TokenService(ctx, new SealChecker(keyring));
  const unsealed = new TokenService(ctx, null);
  const { token } = await tokens.create("bench-reader", ["viewer"], SYSTEM_ACTOR);
  const authMicros = async (service: TokenService) => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) if (!(await service.authenticate(token))) throw new Error("the bench token does not authenticate");
    return ((performance.now() - started) / 2000) * 1000;
  };
  await authMicros(tokens);
  const sealedUs = await authMicros(tokens);
  const plainUs = await authMicros(unsealed);
  await signedStore.close();
  await bareStore.close();
  return {
    bench: "audit-signing",
    value: round(signedMs, 3),
    unit: "ms per audited write (signed entry + fsynced witness checkpoint)",
    baseline: { bareMsPerWrite: round(bareMs, 3), what: "the same write on the bare store: hash chain only, no signature, no witness" },
    ratio: round(signedMs / bareMs, 2),
    writes: moves,
    verifyStateMs: round(verifyMs, 1),
    verifiedEntries: verdict.entries,
    authenticateSealedMicros: round(sealedUs, 1),
    authenticateWithoutSealsMicros: round(plainUs, 1),
  };
}
