import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A public key trusted to have signed audit entries and checkpoints. */
export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

/**
 * Signs audit entries and checkpoints with Ed25519 (node:crypto). The private key lives
 * outside the database: a 0600 file in the data folder, a file named by ARENA_AUDIT_KEY_FILE,
 * or the PEM in ARENA_AUDIT_KEY. Every public key ever used stays trusted (rotation).
 */
export class AuditKeyring {
  readonly keyId: string;
  readonly publicKeyPem: string;
  private readonly trusted: Map<string, KeyObject>;

  constructor(
    private readonly privateKey: KeyObject,
    trusted: readonly TrustedKey[] = [],
  ) {
    this.publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
    this.keyId = keyIdOf(this.publicKeyPem);
    this.trusted = new Map(
      [...trusted, { keyId: this.keyId, publicKeyPem: this.publicKeyPem }].map((k) => [k.keyId, createPublicKey(k.publicKeyPem)]),
    );
  }

  /** A fresh in-memory key (tests, and servers built without a data folder). */
  static ephemeral(): AuditKeyring {
    return new AuditKeyring(generateKeyPairSync("ed25519").privateKey);
  }

  sign(message: string): string {
    return sign(null, Buffer.from(message), this.privateKey).toString("base64");
  }

  /** Why a signature does not check out, or null if it does. */
  problem(message: string, keyId: string | undefined, sig: string | undefined): string | null {
    if (!sig || !keyId) return "is not signed";
    const key = this.trusted.get(keyId);
    if (!key) return `is signed by key ${keyId}, which this server does not trust`;
    return verify(null, Buffer.from(message), key, Buffer.from(sig, "base64"))
      ? null
      : "has a signature that does not match its content (forged or re-hashed without the key)";
  }

  trustedKeys(): TrustedKey[] {
    return [...this.trusted.entries()].map(([keyId, key]) => ({
      keyId,
      publicKeyPem: key.export({ type: "spki", format: "pem" }).toString(),
    }));
  }
}

/** Checks signatures only: what a verifier holding public keys needs (offline verification of an export). */
export interface SignatureChecker {
  problem(message: string, keyId: string | undefined, sig: string | undefined): string | null;
}

export function publicKeyring(keys: readonly TrustedKey[]): SignatureChecker {
  const trusted = new Map(keys.map((k) => [k.keyId, createPublicKey(k.publicKeyPem)]));
  return {
    problem(message, keyId, sig) {
      if (!sig || !keyId) return "is not signed";
      const key = trusted.get(keyId);
      if (!key) return `is signed by key ${keyId}, which is not among the trusted public keys`;
      return verify(null, Buffer.from(message), key, Buffer.from(sig, "base64"))
        ? null
        : "has a signature that does not match its content (forged or re-hashed without the key)";
    },
  };
}

export const keyIdOf = (publicKeyPem: string): string => createHash("sha256").update(publicKeyPem.trim()).digest("hex").slice(0, 16);

export const KEY_FILE = "audit-signing.key";
export const PUBLIC_KEYS_FILE = "audit-public-keys.jsonl";

/**
 * Loads the signing key (creating a 0600 key file on first start) and the public keys trusted
 * from earlier rotations, recording the current one among them.
 */
export function loadKeyring(dataDir: string, env: NodeJS.ProcessEnv = process.env): AuditKeyring {
  let privateKey: KeyObject;
  if (env.ARENA_AUDIT_KEY) privateKey = createPrivateKey(env.ARENA_AUDIT_KEY);
  else {
    const file = env.ARENA_AUDIT_KEY_FILE ?? join(dataDir, KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      try {
        writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
      } catch (error) {
        // Another replica sharing the key file created it first: use that one.
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    chmodSync(file, 0o600);
    privateKey = createPrivateKey(readFileSync(file, "utf8"));
  }
  const listFile = join(dataDir, PUBLIC_KEYS_FILE);
  const trusted = existsSync(listFile)
    ? readFileSync(listFile, "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as TrustedKey)
    : [];
  const ring = new AuditKeyring(privateKey, trusted);
  if (!trusted.some((k) => k.keyId === ring.keyId))
    appendFileSync(
      listFile,
      `${JSON.stringify({ keyId: ring.keyId, publicKeyPem: ring.publicKeyPem, since: new Date().toISOString() })}\n`,
    );
  return ring;
}
