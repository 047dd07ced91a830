"""Traffic plans: the checks the SDK applies before evaluating one, and their compiled form.

The bucket space [0, 2**32) is cut into `slots` equal slots; each challenger arm owns
one slot and takes the first `weight` of the whole space inside it. Everyone else
gets the champion. Mirrors src/core/assignment/traffic-plan.ts and assign.ts.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Mapping, NamedTuple, Set, Tuple, Union, cast

from .hashing import seed_state
from .types import CHAMPION, ResolveErrorCode

BUCKET_SPACE = 2**32
CURRENT_HASH_VERSION = 1


def _is_number(value: Any) -> bool:
    # JSON true is a Python int; JavaScript's typeof says "boolean": not a number.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return _is_number(value) and math.isfinite(value) and float(value).is_integer()


def _records(value: Any, check: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) and check(item) for item in value)


def _has_plan_shape(value: Any) -> bool:
    """Types of every field the assignment reads; plan_problems then checks the rules."""
    if not isinstance(value, dict):
        return False
    overrides = value.get("overrides")
    return (
        isinstance(value.get("seed"), str)
        and _is_number(value.get("slots"))
        and _records(
            value.get("arms"),
            lambda a: isinstance(a.get("alias"), str) and _is_number(a.get("slot")) and _is_number(a.get("weight")),
        )
        and _records(value.get("shadow"), lambda t: isinstance(t.get("alias"), str) and _is_number(t.get("sample")))
        and isinstance(overrides, dict)
        and all(isinstance(alias, str) for alias in overrides.values())
    )


def plan_problems(plan: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """Every rule the plan breaks, as (path, message); empty when it is valid."""
    problems: List[Tuple[str, str]] = []
    if plan["hashVersion"] != CURRENT_HASH_VERSION or not _is_number(plan["hashVersion"]):
        problems.append(("hashVersion", f"unsupported hash version; supported: {CURRENT_HASH_VERSION}"))
    slots = plan["slots"]
    slots_ok = _is_integer(slots) and 1 <= slots <= 64
    if not slots_ok:
        problems.append(("slots", "must be an integer from 1 to 64"))
    seen_slots: Set[Any] = set()
    seen_aliases: Set[Any] = set()
    for i, arm in enumerate(plan["arms"]):
        if arm["alias"] == CHAMPION:
            problems.append((f"arms.{i}.alias", "the champion is the default arm and cannot be listed"))
        if arm["alias"] in seen_aliases:
            problems.append((f"arms.{i}.alias", f'alias "{arm["alias"]}" is listed twice'))
        seen_aliases.add(arm["alias"])
        slot = arm["slot"]
        if not (_is_integer(slot) and 0 <= slot < slots):
            problems.append((f"arms.{i}.slot", "must be an integer in [0, slots - 1]"))
        elif slot in seen_slots:
            problems.append((f"arms.{i}.slot", f"slot {slot} is used twice"))
        seen_slots.add(slot)
        weight = arm["weight"]
        if not (weight >= 0 and slots_ok and weight <= 1 / slots + 1e-12):
            problems.append((f"arms.{i}.weight", "must be between 0 and 1/slots"))
    for i, target in enumerate(plan["shadow"]):
        if target["alias"] == CHAMPION:
            problems.append((f"shadow.{i}.alias", "the champion cannot shadow itself"))
        if not (0 <= target["sample"] <= 1):
            problems.append((f"shadow.{i}.sample", "must be between 0 and 1"))
    return problems


def check_plan(value: Any) -> Union[Dict[str, Any], ResolveErrorCode]:
    """The plan if the SDK can evaluate it, otherwise the error code every unit of the program gets."""
    if (
        isinstance(value, dict)
        and _is_number(value.get("hashVersion"))
        and value["hashVersion"] != CURRENT_HASH_VERSION
    ):
        return "UNSUPPORTED_HASH_VERSION"
    if not _has_plan_shape(value) or "hashVersion" not in value or plan_problems(value):
        return "INVALID_PLAN"
    return cast(Dict[str, Any], value)


def arm_range(slots: int, slot: int, weight: float) -> Tuple[int, int]:
    """Bucket range [start, end) that an arm covers."""
    slots, slot = int(slots), int(slot)
    start = slot * BUCKET_SPACE // slots
    slot_end = (slot + 1) * BUCKET_SPACE // slots
    return start, min(slot_end, start + math.floor(weight * BUCKET_SPACE))


class CompiledPlan(NamedTuple):
    seed_state: int
    #: (start, end, alias) of every arm with weight > 0, in listed order.
    ranges: Tuple[Tuple[int, int, str], ...]
    #: (alias, threshold) of every shadow target with sample > 0, in listed order.
    shadows: Tuple[Tuple[str, int], ...]
    overrides: Dict[str, str]


def compile_plan(plan: Mapping[str, Any]) -> CompiledPlan:
    ranges = tuple(
        (*arm_range(plan["slots"], arm["slot"], arm["weight"]), arm["alias"])
        for arm in plan["arms"]
        if arm["weight"] > 0
    )
    shadows = tuple((t["alias"], math.floor(t["sample"] * BUCKET_SPACE)) for t in plan["shadow"] if t["sample"] > 0)
    return CompiledPlan(seed_state(plan["seed"]), ranges, shadows, dict(plan["overrides"]))
