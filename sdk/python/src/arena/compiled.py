"""Snapshots compiled for resolve: every possible answer is built once when a snapshot
arrives, so resolving a unit hashes its id, scans a few integer ranges and returns a
shared tuple. Mirrors src/sdk/compiled-program.ts and compiled-snapshot.ts."""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .hashing import js_string, secondary_draw, utf8
from .plan import check_plan, compile_plan
from .types import CHAMPION, AliasTarget, Resolution, ResolveErrorCode, ShadowCall, resolution

NO_SHADOW: Tuple[ShadowCall, ...] = ()
#: Up to this many shadow aliases, every combination's answer is cached (2**12 at most).
MAX_CACHED_SHADOW_SETS = 12


def _is_finite_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def clean_target(value: Any) -> Optional[AliasTarget]:
    """An alias target, or None when the entry is malformed."""
    if not isinstance(value, dict):
        return None
    version: Any = value.get("version")
    uri: Any = value.get("artifactUri")
    if not _is_finite_number(version):
        return None
    if uri is not None and not isinstance(uri, str):
        return None
    return AliasTarget(int(version) if float(version).is_integer() else version, uri, value.get("config"))


def clean_targets(entry: Any) -> Dict[str, AliasTarget]:
    targets: Dict[str, AliasTarget] = {}
    aliases = entry.get("aliases") if isinstance(entry, dict) else None
    if isinstance(aliases, dict):
        for alias, raw in aliases.items():
            target = clean_target(raw)
            if target is not None:
                targets[alias] = target
    return targets


class CompiledProgram:
    """One program of a snapshot, ready for resolve."""

    __slots__ = (
        "name",
        "targets",
        "_fixed",
        "_seed",
        "_ranges",
        "_overrides",
        "_champion",
        "_shadow_calls",
        "_thresholds",
        "_shadow_cache",
        "_fallback_target",
        "_resolve",
    )

    def __init__(self, name: str, entry: Any) -> None:
        self.name = name
        self.targets = clean_targets(entry)
        self._fallback_target = self.targets.get(CHAMPION)
        self._fixed: Optional[Resolution] = None
        self._seed = 0
        self._ranges: Tuple[Tuple[int, int, Resolution], ...] = ()
        self._overrides: Optional[Dict[str, Resolution]] = None
        self._shadow_calls: List[ShadowCall] = []
        self._thresholds: List[int] = []
        self._shadow_cache: Dict[int, Resolution] = {}
        self._resolve: Optional[Callable[[str], Resolution]] = None
        checked = check_plan(entry.get("traffic") if isinstance(entry, dict) else None)
        if isinstance(checked, str):
            self._fixed = self.fallback(checked)
            self._champion = self._fixed
            return
        plan = compile_plan(checked)
        missing = self.fallback("ALIAS_MISSING")

        def answer(alias: str, reason: Any) -> Resolution:
            target = self.targets.get(alias)
            return missing if target is None else resolution(name, alias, target, NO_SHADOW, reason, None)

        self._seed = plan.seed_state
        self._ranges = tuple((start, end, answer(alias, "split")) for start, end, alias in plan.ranges)
        self._champion = answer(CHAMPION, "split" if plan.ranges else "default")
        if plan.overrides:
            self._overrides = {js_string(unit): answer(alias, "override") for unit, alias in plan.overrides.items()}
        if self._fallback_target is not None:
            for alias, threshold in plan.shadows:
                target = self.targets.get(alias)
                if target is None:
                    continue  # an unknown shadow alias is skipped, never served anyway
                self._shadow_calls.append(ShadowCall(alias, *target))
                self._thresholds.append(threshold)

    def fallback(self, code: ResolveErrorCode) -> Resolution:
        """The champion's answer with an error code."""
        return resolution(self.name, CHAMPION, self._fallback_target, NO_SHADOW, "error", code)

    def resolve(self, unit_id: str) -> Resolution:
        """The answer for one unit; raises only on a bug, which the caller contains."""
        if self._resolve is None:
            self._resolve = self.resolver()
        return self._resolve(unit_id)

    def resolver(self) -> Callable[[str], Resolution]:
        """resolve() as a closure over this program's compiled values: locals instead of
        attribute lookups on the hot path (built once per snapshot, called per request)."""
        fixed, seed, ranges, overrides, champion = (
            self._fixed,
            self._seed,
            self._ranges,
            self._overrides,
            self._champion,
        )
        shadowed = bool(self._thresholds)
        with_shadow, fallback = self._with_shadow, self.fallback

        def resolve(unit_id: str) -> Resolution:
            if fixed is not None:
                return fixed
            if type(unit_id) is not str:
                if not isinstance(unit_id, str):
                    return fallback("INVALID_UNIT_ID")
                unit_id = str(unit_id)
            try:
                data = unit_id.encode()
            except UnicodeEncodeError:
                unit_id = js_string(unit_id)
                data = utf8(unit_id)
            if overrides is not None:
                forced = overrides.get(unit_id)
                if forced is not None:
                    return forced
            # FNV-1a over the bytes, then fmix32 (hashing.py), written out with literal constants.
            h = seed
            for byte in data:
                h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
            h ^= h >> 16
            h = (h * 0x85EBCA6B) & 0xFFFFFFFF
            h ^= h >> 13
            h = (h * 0xC2B2AE35) & 0xFFFFFFFF
            h ^= h >> 16
            for start, end, result in ranges:
                if start <= h < end:
                    return result
            return with_shadow(h) if shadowed else champion

        return resolve

    def _with_shadow(self, bucket: int) -> Resolution:
        draw = secondary_draw(bucket)
        due = [i for i, threshold in enumerate(self._thresholds) if draw < threshold]
        if not due:
            return self._champion
        if len(self._thresholds) > MAX_CACHED_SHADOW_SETS:
            return self._champion._replace(shadow=tuple(self._shadow_calls[i] for i in due))
        mask = sum(1 << i for i in due)
        cached = self._shadow_cache.get(mask)
        if cached is None:
            cached = self._champion._replace(shadow=tuple(self._shadow_calls[i] for i in due))
            self._shadow_cache[mask] = cached
        return cached


class CompiledSnapshot:
    """A snapshot with every program compiled once."""

    __slots__ = ("revision", "snapshot", "programs", "resolvers")

    def __init__(self, snapshot: Mapping[str, Any]) -> None:
        self.snapshot = snapshot
        self.revision = snapshot["revision"]
        self.programs: Dict[str, CompiledProgram] = {
            name: CompiledProgram(name, entry) for name, entry in snapshot["programs"].items()
        }
        #: program name -> its resolve closure, what Client.resolve calls.
        self.resolvers: Dict[str, Callable[[str], Resolution]] = {
            name: program.resolver() for name, program in self.programs.items()
        }

    def target(self, program: str, alias: str) -> Optional[AliasTarget]:
        found = self.programs.get(program)
        return None if found is None else found.targets.get(alias)


def unavailable(program: Any, code: ResolveErrorCode) -> Resolution:
    return Resolution(
        program if isinstance(program, str) else str(program), CHAMPION, None, None, None, NO_SHADOW, "error", code
    )


def resolve_in(compiled: Optional[CompiledSnapshot], program: str, unit_id: str) -> Resolution:
    """Resolves a unit against a compiled snapshot (or none). Never raises."""
    found = None
    try:
        if compiled is None:
            return unavailable(program, "NO_SNAPSHOT")
        found = compiled.programs.get(program)
        if found is None:
            return unavailable(program, "PROGRAM_NOT_FOUND")
        return found.resolve(unit_id)
    except Exception:
        try:
            return found.fallback("INTERNAL") if found is not None else unavailable(program, "INTERNAL")
        except Exception:
            return Resolution("", CHAMPION, None, None, None, NO_SHADOW, "error", "INTERNAL")


def snapshot_problem(value: Any) -> Optional[str]:
    """Checks a snapshot's envelope (a broken program is contained when compiled); a reason when unusable."""
    if not isinstance(value, dict):
        return "not a JSON object"
    if not _is_finite_number(value.get("revision")):
        return "revision is not a number"
    if not isinstance(value.get("programs"), dict):
        return "programs is not an object"
    return None
