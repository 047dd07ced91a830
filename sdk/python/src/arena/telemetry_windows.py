"""In-process aggregation of telemetry: one window per (program, version, segments,
10-second window) holding counts, sums, sums of squares and a sketch, the mergeable
statistics the server keeps, so thousands of requests ship as one `aggregate` event.
Port of src/sdk/telemetry-windows.ts (same event layout)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from .sketch import QuantileSketch

#: Most distinct event (or feature) names per window: the server's own bound.
MAX_NAMES_PER_WINDOW = 100
#: Units per shipped aggregate event; a window with more ships as several (they add up on the server).
UNITS_PER_AGGREGATE = 1000

SegmentsKey = Tuple[Tuple[str, str], ...]


class ValueAgg:
    __slots__ = ("n", "sum", "sum_squares", "sketch")

    def __init__(self) -> None:
        self.n = 0
        self.sum = 0.0
        self.sum_squares = 0.0
        self.sketch: Optional[QuantileSketch] = None

    def add(self, value: float, with_sketch: bool) -> None:
        self.n += 1
        self.sum += value
        self.sum_squares += value * value
        if with_sketch:
            if self.sketch is None:
                self.sketch = QuantileSketch()
            self.sketch.accept(value)

    def to_json(self) -> Dict[str, Any]:
        sketch = self.sketch.export() if self.sketch is not None and self.sketch.count > 0 else None
        return {"n": self.n, "sum": self.sum, "sumSquares": self.sum_squares, "sketch": sketch}


class UnitAgg:
    """Per-unit totals, as the server's UnitTotals."""

    __slots__ = ("requests", "errors", "cost", "events")

    def __init__(self) -> None:
        self.requests = 0
        self.errors = 0
        self.cost = 0.0
        self.events: Dict[str, List[float]] = {}

    def to_json(self) -> Dict[str, Any]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "cost": self.cost,
            "events": {k: [int(v[0]), v[1]] for k, v in self.events.items()},
        }


class WindowAgg:
    __slots__ = (
        "program",
        "version",
        "segments",
        "start",
        "requests",
        "errors",
        "latency",
        "cost",
        "events",
        "features",
        "observations",
        "units",
    )

    def __init__(self, program: str, version: int, segments: Optional[Dict[str, str]], start: int) -> None:
        self.program = program
        self.version = version
        self.segments = segments
        self.start = start
        self.requests = 0
        self.errors = 0
        self.latency = ValueAgg()
        self.cost = ValueAgg()
        self.events: Dict[str, ValueAgg] = {}
        self.features: Dict[str, ValueAgg] = {}
        #: Observations folded in: the unit of the sent/dropped counters.
        self.observations = 0
        self.units: Optional[Dict[str, UnitAgg]] = None

    def named(self, table: Dict[str, ValueAgg], name: str) -> Optional[ValueAgg]:
        """The window's statistics of that name; None when a new name would exceed the bound."""
        agg = table.get(name)
        if agg is None:
            if len(table) >= MAX_NAMES_PER_WINDOW:
                return None
            agg = table[name] = ValueAgg()
        return agg

    def to_events(self) -> List[Dict[str, Any]]:
        """The aggregate events that carry this window (one, or more when its units are many)."""
        base: Dict[str, Any] = {"type": "aggregate", "program": self.program, "version": self.version, "at": self.start}
        if self.segments:
            base["segments"] = self.segments
        window = {
            "requests": self.requests,
            "errors": self.errors,
            "latency": self.latency.to_json(),
            "cost": {"n": self.cost.n, "sum": self.cost.sum, "sumSquares": self.cost.sum_squares},
            "events": {k: v.to_json() for k, v in self.events.items()},
            "features": {k: v.to_json() for k, v in self.features.items()},
        }
        if not self.units:
            return [{**base, "window": window}]
        out: List[Dict[str, Any]] = []
        items = list(self.units.items())
        for i in range(0, len(items), UNITS_PER_AGGREGATE):
            chunk = {unit: totals.to_json() for unit, totals in items[i : i + UNITS_PER_AGGREGATE]}
            out.append({**base, "window": window if not out else {}, "units": chunk})
        return out


def segments_key(segments: Optional[Dict[str, str]]) -> SegmentsKey:
    """Segment values in a canonical order, so {a, b} and {b, a} share a window."""
    return tuple(sorted(segments.items())) if segments else ()


class WindowSet:
    """The open windows, bounded in number."""

    def __init__(self, max_windows: int) -> None:
        self.max_windows = max_windows
        self._windows: Dict[Tuple[str, int, SegmentsKey, int], WindowAgg] = {}
        self.observations = 0
        self.units = 0
        self._last: Optional[WindowAgg] = None

    def __len__(self) -> int:
        return len(self._windows)

    def window(self, program: str, version: int, segments: Optional[Dict[str, str]], start: int) -> Optional[WindowAgg]:
        # Most calls repeat the last coordinates (one program, a busy window): skip the key and the lookup.
        last = self._last
        if (
            last is not None
            and segments is None
            and last.segments is None
            and last.start == start
            and last.version == version
            and last.program == program
        ):
            return last
        key = (program, version, segments_key(segments), start)
        w = self._windows.get(key)
        if w is None:
            if len(self._windows) >= self.max_windows:
                return None
            # The caller's dict is copied: it may change after the call.
            w = self._windows[key] = WindowAgg(program, version, dict(segments) if segments else None, start)
        self._last = w
        return w

    def take_all(self) -> List[WindowAgg]:
        """Removes and returns every window, oldest first."""
        out = sorted(self._windows.values(), key=lambda w: w.start)
        self._windows = {}
        self._last = None
        self.observations = 0
        self.units = 0
        return out
