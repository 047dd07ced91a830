"""The values the SDK hands out. All are immutable tuples: read them, share them."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, Optional, Tuple

CHAMPION = "champion"

#: Why a unit got its answer. "error" always comes with an error_code.
ResolveReason = Literal["override", "split", "default", "error"]

#: NO_SNAPSHOT, PROGRAM_NOT_FOUND, ALIAS_MISSING, INVALID_PLAN, UNSUPPORTED_HASH_VERSION, INVALID_UNIT_ID, INTERNAL.
ResolveErrorCode = Literal[
    "NO_SNAPSHOT",
    "PROGRAM_NOT_FOUND",
    "ALIAS_MISSING",
    "INVALID_PLAN",
    "UNSUPPORTED_HASH_VERSION",
    "INVALID_UNIT_ID",
    "INTERNAL",
]


class AliasTarget(NamedTuple):
    """The version an alias points to."""

    version: int
    artifact_uri: Optional[str]
    config: Any


class ShadowCall(NamedTuple):
    """An alias invoked in the champion's shadow: call it, record its answer, never serve it."""

    alias: str
    version: int
    artifact_uri: Optional[str]
    config: Any


class Resolution(NamedTuple):
    """The answer of Client.resolve. version is None only when no version at all is known (reason "error")."""

    program: str
    alias: str
    version: Optional[int]
    artifact_uri: Optional[str]
    config: Any
    shadow: Tuple[ShadowCall, ...]
    reason: ResolveReason
    error_code: Optional[ResolveErrorCode]


def resolution(
    program: str,
    alias: str,
    target: Optional[AliasTarget],
    shadow: Tuple[ShadowCall, ...],
    reason: ResolveReason,
    error_code: Optional[ResolveErrorCode],
) -> Resolution:
    if target is None:
        return Resolution(program, alias, None, None, None, shadow, reason, error_code)
    return Resolution(program, alias, target.version, target.artifact_uri, target.config, shadow, reason, error_code)
