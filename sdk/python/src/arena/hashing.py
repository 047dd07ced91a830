"""Assignment hash, version 1 (docs/assignment.md).

    bucket = fmix32(fnv1a32(utf8(seed) ++ ":" ++ utf8(unit_id)))

FNV-1a is incremental, so a plan hashes its seed once and each call hashes only
the unit id. utf8() matches JavaScript's TextEncoder: a surrogate pair held as
two code points is one character, a lone surrogate encodes as U+FFFD.
"""

from __future__ import annotations

MASK = 0xFFFFFFFF
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
_COLON = 0x3A


def utf8(text: str) -> bytes:
    """UTF-8 bytes of text as a JavaScript SDK sees them (surrogates handled like TextEncoder)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Only strings holding surrogate code points get here: pair them as UTF-16 does, replace the lone ones.
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode("utf-8")


def js_string(text: str) -> str:
    """The string a JavaScript SDK would hold: surrogate pairs given as two code points become one
    character (as json.loads does); lone surrogates stay. Overrides are matched on this form."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def fnv1a_update(state: int, data: bytes) -> int:
    """Continues an FNV-1a state over bytes."""
    h = state
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & MASK
    return h


def fmix32(h: int) -> int:
    """MurmurHash3's 32-bit finaliser."""
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    h ^= h >> 16
    return h


def seed_state(seed: str) -> int:
    """FNV-1a state after the seed and the ':' separator; reused for every unit of a plan."""
    return ((fnv1a_update(FNV_OFFSET, utf8(seed)) ^ _COLON) * FNV_PRIME) & MASK


def bucket_of(seed: str, unit_id: str) -> int:
    """Bucket of unit_id under seed, in [0, 2**32). Example: bucket_of("checkout", "user-1")."""
    return fmix32(fnv1a_update(seed_state(seed), utf8(unit_id)))


def secondary_draw(bucket: int) -> int:
    """A second, independent draw from the same bucket (shadow sampling)."""
    return fmix32(bucket ^ 0x9E3779B9)
