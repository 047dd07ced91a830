import { createHash } from "node:crypto";

/**
 * The LISTEN/NOTIFY channel on which replicas sharing a schema announce a new serving
 * revision. One channel per schema, so separate installations (or test runs) in one
 * database never wake each other. Channel names are identifiers (at most 63 bytes):
 * a long schema name is replaced by its hash.
 */
export function servingChannel(schema: string): string {
  const plain = `arena_serving_${schema.toLowerCase()}`;
  if (plain.length <= 63 && schema === schema.toLowerCase()) return plain;
  return `arena_serving_${createHash("sha256").update(schema).digest("hex").slice(0, 32)}`;
}
