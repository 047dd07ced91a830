/**
 * Assignment hash, version 1.
 *
 * h = fmix32(fnv1a32(utf8(seed) ++ ":" ++ utf8(unitId)))
 *
 * FNV-1a is incremental, so the seed's state is computed once per plan and each
 * call only hashes the unit id; the MurmurHash3 finaliser (fmix32) then spreads
 * FNV's weak low bits over all 32 bits. The result is a bucket in [0, 2^32).
 * Any SDK in any language reproduces it from these three lines; the conformance
 * cases in conformance/assignment-cases.json pin the values.
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const COLON = 0x3a;

/** Continues an FNV-1a state over the UTF-8 bytes of `text` (no allocation). */
export function fnv1aUpdate(state: number, text: string): number {
  let h = state;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        h = Math.imul(h ^ (0xf0 | (c >> 18)), FNV_PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), FNV_PRIME);
        h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
        h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
        continue;
      }
    }
    // Lone surrogates encode as U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    h = Math.imul(h ^ (0xe0 | (c >> 12)), FNV_PRIME);
    h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
  }
  return h;
}

/** MurmurHash3's 32-bit finaliser: full avalanche, returns an unsigned 32-bit integer. */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a state after `seed` and the ':' separator; reuse it for every unit of a plan. */
export function seedState(seed: string): number {
  return Math.imul(fnv1aUpdate(FNV_OFFSET, seed) ^ COLON, FNV_PRIME);
}

/** Bucket of `unitId` under `seed`, in [0, 2^32). Example: bucketOf("checkout", "user-1"). */
export function bucketOf(seed: string, unitId: string): number {
  return fmix32(fnv1aUpdate(seedState(seed), unitId));
}

/** A second, independent draw from the same bucket (used for shadow sampling). */
export function secondaryDraw(bucket: number): number {
  return fmix32((bucket ^ 0x9e3779b9) >>> 0);
}
