"""The telemetry recorder (client.record) and the source of its batches (POST /v1/telemetry).

Requests, business events and feature values fold into 10-second aggregates;
predictions and labels are kept as events. Memory is bounded by max_windows,
max_events and the unit bounds; whatever does not fit is counted by reason and
reported, never lost silently. Thread-safe; never raises. Port of
src/sdk/telemetry-recorder.ts.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import telemetry_input as check
from .options import RecorderSettings
from .shipper import PendingBatch
from .telemetry_windows import UnitAgg, WindowAgg, WindowSet

WINDOW_MS = 10_000
_NUMBER = (int, float)
_INF = float("inf")
#: A batch stops growing past this many bytes (the server takes up to 32 MiB).
MAX_BATCH_BYTES = 8 * 1024 * 1024

DropHandler = Callable[[str, int, Optional[str]], None]


def _first(*problems: Optional[str]) -> Optional[str]:
    for p in problems:
        if p is not None:
            return p
    return None


class TelemetryRecorder:
    """client.record: request(), event(), prediction(), label(), feature(). Never raises, never waits
    on the network; a refused observation is counted in status().dropped_telemetry and reported to on_error."""

    def __init__(self, settings: RecorderSettings, now: Callable[[], float], on_drop: DropHandler) -> None:
        self._settings = settings
        self._now = now
        self._on_drop = on_drop
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._windows = WindowSet(settings.max_windows)
        self._raw: List[Dict[str, Any]] = []
        self._ready: List[Tuple[str, int]] = []
        self._ready_observations = 0
        self._closed = False
        self.dropped_total = 0
        self.dropped_unit_totals = 0

    # ---- recording ------------------------------------------------------

    def request(
        self,
        program: str,
        *extra: Any,
        version: Any = None,
        success: Any = None,
        latency_ms: Any = None,
        cost: Any = None,
        unit_id: Any = None,
        segments: Any = None,
        **unknown: Any,
    ) -> None:
        """A request served by `version`: its outcome, latency (ms) and cost."""
        # The common, valid call passes these inline checks; anything else gets the full check, which names the problem.
        if (
            extra
            or unknown
            or type(program) is not str
            or not program
            or type(version) is not int
            or version <= 0
            or type(success) is not bool
            or (latency_ms is not None and not (type(latency_ms) in _NUMBER and 0 <= latency_ms < _INF))
            or (cost is not None and not (type(cost) in _NUMBER and -_INF < cost < _INF))
            or (unit_id is not None and not (type(unit_id) is str and 0 < len(unit_id) <= check.MAX_ID))
            or (segments is not None and check.segments_problem(segments) is not None)
        ):
            problem = _first(
                self._extra(extra, unknown),
                check.program_problem(program),
                check.version_problem(version),
                check.boolean_problem("success", success),
                check.number_problem("latency_ms", latency_ms, False, 0),
                check.number_problem("cost", cost, False),
                check.id_problem("unit_id", unit_id, False),
                check.segments_problem(segments),
            )
            if problem is not None:
                return self._drop("invalid", 1, f"request: {problem}")
        with self._lock:
            w = self._window(program, version, segments)
            if w is None:
                return
            w.requests += 1
            if not success:
                w.errors += 1
            if latency_ms is not None:
                w.latency.add(latency_ms, True)
            if cost is not None:
                w.cost.add(cost, False)
            self._observed(w)
            u = self._unit(w, unit_id)
            if u is not None:
                u.requests += 1
                if not success:
                    u.errors += 1
                u.cost += cost or 0

    def event(
        self,
        program: str,
        *extra: Any,
        version: Any = None,
        name: Any = None,
        value: Any = None,
        unit_id: Any = None,
        segments: Any = None,
        **unknown: Any,
    ) -> None:
        """A business event (purchase, click), with an optional value (revenue)."""
        problem = _first(
            self._extra(extra, unknown),
            check.program_problem(program),
            check.version_problem(version),
            check.event_name_problem(name),
            check.number_problem("value", value, False),
            check.id_problem("unit_id", unit_id, False),
            check.segments_problem(segments),
        )
        if problem is not None:
            return self._drop("invalid", 1, f"event: {problem}")
        with self._lock:
            w = self._window(program, version, segments)
            if w is None:
                return
            agg = w.named(w.events, name)
            if agg is None:
                return self._drop("too many names", 1, f"more than 100 event names in a window of {program}")
            # An event without a value counts 1 and stays out of the value sketch, as on the server.
            agg.add(1 if value is None else value, value is not None)
            self._observed(w)
            u = self._unit(w, unit_id)
            if u is not None:
                pair = u.events.get(name)
                if pair is None:
                    u.events[name] = [1, value or 0]
                else:
                    pair[0] += 1
                    pair[1] += value or 0

    def feature(
        self,
        program: str,
        *extra: Any,
        version: Any = None,
        feature: Any = None,
        value: Any = None,
        segments: Any = None,
        **unknown: Any,
    ) -> None:
        """One value of a model input, for drift."""
        problem = _first(
            self._extra(extra, unknown),
            check.program_problem(program),
            check.version_problem(version),
            check.feature_name_problem(feature),
            check.number_problem("value", value, True),
            check.segments_problem(segments),
        )
        if problem is not None:
            return self._drop("invalid", 1, f"feature: {problem}")
        with self._lock:
            w = self._window(program, version, segments)
            if w is None:
                return
            agg = w.named(w.features, feature)
            if agg is None:
                return self._drop("too many names", 1, f"more than 100 features in a window of {program}")
            agg.add(value, True)
            self._observed(w)

    def prediction(
        self,
        program: str,
        *extra: Any,
        version: Any = None,
        prediction_id: Any = None,
        predicted: Any = None,
        segments: Any = None,
        **unknown: Any,
    ) -> None:
        """A model's prediction; its label may come much later (see label)."""
        problem = _first(
            self._extra(extra, unknown),
            check.program_problem(program),
            check.version_problem(version),
            check.id_problem("prediction_id", prediction_id, True),
            check.boolean_problem("predicted", predicted),
            check.segments_problem(segments),
        )
        if problem is not None:
            return self._drop("invalid", 1, f"prediction: {problem}")
        event: Dict[str, Any] = {
            "type": "prediction",
            "program": program,
            "version": version,
            "predictionId": prediction_id,
            "predicted": predicted,
            "at": self._time(),
        }
        if segments is not None:
            event["segments"] = dict(segments)
        self._keep(event)

    def label(self, program: str, *extra: Any, prediction_id: Any = None, actual: Any = None, **unknown: Any) -> None:
        """The true label of an earlier (or later) prediction, joined by prediction_id on the server."""
        problem = _first(
            self._extra(extra, unknown),
            check.program_problem(program),
            check.id_problem("prediction_id", prediction_id, True),
            check.boolean_problem("actual", actual),
        )
        if problem is not None:
            return self._drop("invalid", 1, f"label: {problem}")
        self._keep(
            {"type": "label", "program": program, "predictionId": prediction_id, "actual": actual, "at": self._time()}
        )

    def close(self) -> None:
        """Stops recording: later observations are counted as dropped."""
        self._closed = True

    # ---- batch source ---------------------------------------------------

    @property
    def size(self) -> int:
        return self._windows.observations + len(self._raw) + self._ready_observations

    def has_work(self) -> bool:
        return len(self._windows) > 0 or bool(self._raw) or bool(self._ready)

    def next(self) -> PendingBatch:
        with self._lock:
            if not self._ready:
                self._serialise_all()
            parts: List[str] = []
            size = count = taken = 0
            ready = self._ready
            while (
                taken < len(ready)
                and len(parts) < self._settings.batch_size
                and (not parts or size + len(ready[taken][0]) <= MAX_BATCH_BYTES)
            ):
                text, observations = ready[taken]
                taken += 1
                parts.append(text)
                size += len(text) + 1
                count += observations
            del ready[:taken]
            self._ready_observations -= count
        return PendingBatch(count, f'{{"batchId":"{uuid.uuid4()}","events":[{",".join(parts)}]}}'.encode())

    def refused(self, batch: PendingBatch) -> None:
        self._drop("refused by the server", batch.items)

    def abandon(self, pending: Optional[PendingBatch]) -> int:
        with self._lock:
            lost = self.size + (pending.items if pending is not None else 0)
            self._windows.take_all()
            self._raw = []
            self._ready = []
            self._ready_observations = 0
        if lost > 0:
            self._drop("closed", lost)
        return lost

    # ---- internals ------------------------------------------------------

    def _serialise_all(self) -> None:
        """Moves every open window and raw event into the ready queue (serialised once, reused on retry)."""
        for w in self._windows.take_all():
            for i, event in enumerate(w.to_events()):
                self._ready.append(
                    (json.dumps(event, separators=(",", ":"), allow_nan=False), w.observations if i == 0 else 0)
                )
            self._ready_observations += w.observations
        for e in self._raw:
            self._ready.append((json.dumps(e, separators=(",", ":"), allow_nan=False), 1))
        self._ready_observations += len(self._raw)
        self._raw = []

    @staticmethod
    def _extra(extra: Tuple[Any, ...], unknown: Dict[str, Any]) -> Optional[str]:
        if extra:
            return "observations are given by keyword (version=..., success=...)"
        if unknown:
            return f"unknown field(s): {', '.join(sorted(unknown))}"
        return None

    def _time(self) -> int:
        """Epoch milliseconds from the injected clock (seconds), or the system's if it fails."""
        try:
            t = float(self._now()) * 1000
            if t > 0 and t == t and t != float("inf"):
                return int(t)
        except Exception:
            pass
        return int(time.time() * 1000)

    def _window(self, program: str, version: int, segments: Optional[Dict[str, str]]) -> Optional[WindowAgg]:
        if self._closed:
            self._drop("closed", 1)
            return None
        t = self._time()
        # 10-second windows: the server's finest buckets, so short burn-rate windows see fresh data.
        w = self._windows.window(program, version, segments, t - t % WINDOW_MS)
        if w is None:
            self._drop("windows full", 1, f"{self._settings.max_windows} windows are waiting to be shipped")
        return w

    def _observed(self, w: WindowAgg) -> None:
        w.observations += 1
        self._windows.observations += 1

    def _unit(self, w: WindowAgg, unit_id: Optional[str]) -> Optional[UnitAgg]:
        if unit_id is None or not self._settings.track_units(w.program):
            return None
        if w.units is None:
            w.units = {}
        u = w.units.get(unit_id)
        if u is None:
            if len(w.units) >= self._settings.max_units_per_window or self._windows.units >= self._settings.max_units:
                self.dropped_unit_totals += 1
                self._on_drop(
                    "units full",
                    1,
                    f"unit totals are bounded ({self._settings.max_units_per_window} per window, {self._settings.max_units} in all)",
                )
                return None
            u = w.units[unit_id] = UnitAgg()
            self._windows.units += 1
        return u

    def _keep(self, event: Dict[str, Any]) -> None:
        with self._lock:
            if self._closed:
                return self._drop("closed", 1)
            if len(self._raw) >= self._settings.max_events:
                return self._drop(
                    "events full", 1, f"{self._settings.max_events} predictions and labels are waiting to be shipped"
                )
            self._raw.append(event)

    def _drop(self, reason: str, count: int, detail: Optional[str] = None) -> None:
        with self._count_lock:
            self.dropped_total += count
        try:
            self._on_drop(reason, count, detail)
        except Exception:
            pass
