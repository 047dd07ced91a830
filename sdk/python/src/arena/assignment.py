"""The pure assignment: which alias serves a unit under a plan (conformance reference form).

The client's hot path (compiled.py) computes the same thing from answers built in advance.
"""

from __future__ import annotations

from typing import Any, List, Mapping, NamedTuple, Union

from .hashing import fmix32, fnv1a_update, js_string, secondary_draw, utf8
from .plan import CompiledPlan, compile_plan
from .types import CHAMPION


class Assignment(NamedTuple):
    alias: str
    #: Aliases to invoke in the champion's shadow for this unit.
    shadow: List[str]
    #: The unit's bucket in [0, 2**32), or -1 for an override.
    bucket: int
    reason: str


def assign(plan: Union[Mapping[str, Any], CompiledPlan], unit_id: str) -> Assignment:
    """Alias for a unit under a (valid) plan. Example: assign(plan, "user-42").alias."""
    compiled = plan if isinstance(plan, CompiledPlan) else compile_plan(plan)
    key = js_string(unit_id)
    overrides = {js_string(k): v for k, v in compiled.overrides.items()} if key is not unit_id else compiled.overrides
    if key in overrides:
        return Assignment(overrides[key], [], -1, "override")
    bucket = fmix32(fnv1a_update(compiled.seed_state, utf8(unit_id)))
    for start, end, alias in compiled.ranges:
        if start <= bucket < end:
            return Assignment(alias, [], bucket, "split")
    draw = secondary_draw(bucket) if compiled.shadows else 0
    shadow = [alias for alias, threshold in compiled.shadows if draw < threshold]
    return Assignment(CHAMPION, shadow, bucket, "split" if compiled.ranges else "default")
