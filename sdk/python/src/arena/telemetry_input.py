"""Checks of what the application records, mirroring the server's rules, so a bad
observation is refused (and counted) in process instead of spoiling a whole aggregate
the server would reject. Each check returns a problem or None."""

from __future__ import annotations

import math
import re
from typing import Any, Optional

EVENT_NAME = re.compile(r"[a-z][a-z0-9._-]{0,62}")
MAX_ID = 500
#: Names every JavaScript object has: the server refuses them as event or feature names.
RESERVED = frozenset(
    [
        "constructor",
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    ]
)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def program_problem(program: Any) -> Optional[str]:
    return None if isinstance(program, str) and program else "program must be a non-empty string"


def version_problem(version: Any) -> Optional[str]:
    ok = isinstance(version, int) and not isinstance(version, bool) and version > 0
    return None if ok else "version must be a positive integer (the version that served)"


def id_problem(field: str, value: Any, required: bool) -> Optional[str]:
    if value is None and not required:
        return None
    ok = isinstance(value, str) and 0 < len(value) <= MAX_ID
    return None if ok else f"{field} must be a non-empty string of at most {MAX_ID} characters"


def number_problem(field: str, value: Any, required: bool, minimum: Optional[float] = None) -> Optional[str]:
    if value is None and not required:
        return None
    if not _is_number(value) or not math.isfinite(value):
        return f"{field} must be a finite number"
    return f"{field} must be >= {minimum}" if minimum is not None and value < minimum else None


def boolean_problem(field: str, value: Any) -> Optional[str]:
    return None if isinstance(value, bool) else f"{field} must be True or False"


def event_name_problem(name: Any) -> Optional[str]:
    ok = isinstance(name, str) and EVENT_NAME.fullmatch(name) is not None and name not in RESERVED
    return None if ok else "name must be an event name (lowercase letters, digits, . _ -)"


def feature_name_problem(feature: Any) -> Optional[str]:
    ok = isinstance(feature, str) and 0 < len(feature) <= 100 and feature not in RESERVED
    return None if ok else "feature must be a name of 1 to 100 characters"


def segments_problem(segments: Any) -> Optional[str]:
    if segments is None:
        return None
    if not isinstance(segments, dict) or not all(isinstance(k, str) for k in segments):
        return "segments must map dimension names to strings"
    for v in segments.values():
        if not isinstance(v, str) or len(v) > 100:
            return "segments values must be strings of at most 100 characters"
    return None
