"""The client's options and status, as plain frozen dataclasses (times in seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Union


@dataclass(frozen=True)
class ExposureOptions:
    """Exposure recording (times in seconds)."""

    flush_interval: float = 2.0
    #: Most exposures kept in memory; beyond it they are counted as dropped.
    max_buffer: int = 10_000
    batch_size: int = 500
    retry_base: float = 1.0
    retry_max: float = 60.0


@dataclass(frozen=True)
class TelemetryOptions:
    """Telemetry recording (client.record); times in seconds."""

    flush_interval: float = 10.0
    #: Most (program, version, segments, 10-second) windows held; observations needing another are dropped (counted).
    max_windows: int = 1_000
    #: Most raw predictions and labels held.
    max_events: int = 10_000
    #: Keep per-unit totals for unit-level metrics: True, or the programs that need them.
    track_units: Union[bool, Sequence[str]] = False
    max_units_per_window: int = 10_000
    max_units: int = 100_000
    batch_size: int = 500
    retry_base: float = 1.0
    retry_max: float = 60.0


@dataclass(frozen=True)
class ClientStatus:
    #: The stream is open, or the last poll reached the server.
    connected: bool
    mode: str
    revision: Optional[int]
    last_update: Optional[str]
    source: Optional[str]
    dropped_exposures: int
    buffered_exposures: int
    sent_exposures: int
    dropped_telemetry: int
    buffered_telemetry: int
    sent_telemetry: int
    dropped_unit_totals: int
    last_error: Optional[str]


def positive_option(value: Any, fallback: float) -> float:
    return (
        float(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < float("inf")
        else fallback
    )


def count_option(value: Any, fallback: int) -> int:
    return max(1, int(positive_option(value, fallback)))


def etag(revision: Any) -> str:
    return f'"rev-{int(revision) if float(revision).is_integer() else revision}"'


class RecorderSettings:
    def __init__(
        self,
        max_windows: int,
        max_events: int,
        track_units: Callable[[str], bool],
        max_units_per_window: int,
        max_units: int,
        batch_size: int,
    ) -> None:
        self.max_windows = max_windows
        self.max_events = max_events
        self.track_units = track_units
        self.max_units_per_window = max_units_per_window
        self.max_units = max_units
        self.batch_size = batch_size


class DisabledRecorder:
    """client.record when telemetry is disabled: records nothing (by choice, so nothing counts as dropped)."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        pass

    event = feature = prediction = label = request
