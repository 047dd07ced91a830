"""Exposures (who got which version), buffered in a bounded deque and shipped to
POST /v1/exposures. When full, new exposures are counted as dropped, never lost silently."""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from datetime import datetime, timezone
from typing import Deque, Optional, Tuple

from .shipper import PendingBatch

SDK_NAME = "arena-py/0.1.0"

Exposure = Tuple[str, str, str, int, float]


def iso(seconds: float) -> str:
    """ISO 8601 with milliseconds, as JavaScript's toISOString; a nonsense time reads as the epoch."""
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    except (OverflowError, OSError, ValueError, TypeError):
        return "1970-01-01T00:00:00.000Z"


class ExposureBuffer:
    """A bounded queue of (program, unit_id, alias, version, time); thread-safe appends under the GIL."""

    def __init__(self, capacity: int, batch_size: int) -> None:
        self.capacity = capacity
        self._batch_size = batch_size
        self.items: Deque[Exposure] = deque()
        self._lock = threading.Lock()
        self._drops_to_report = 0
        self.dropped_total = 0

    def record(self, program: str, unit_id: str, alias: str, version: int, at: float) -> None:
        items = self.items
        if len(items) >= self.capacity:
            self._add_drops(1)
            return
        items.append((program, unit_id, alias, version, at))

    def _add_drops(self, count: int) -> None:
        with self._lock:
            self._drops_to_report += count
            self.dropped_total += count

    # ---- batch source ---------------------------------------------------

    @property
    def size(self) -> int:
        return len(self.items)

    def has_work(self) -> bool:
        return bool(self.items) or self._drops_to_report > 0

    def next(self) -> PendingBatch:
        with self._lock:
            dropped = self._drops_to_report
            self._drops_to_report = 0
        items = self.items
        out = []
        for _ in range(min(self._batch_size, len(items))):
            program, unit_id, alias, version, at = items.popleft()
            out.append({"program": program, "unitId": unit_id, "alias": alias, "version": version, "at": iso(at)})
        body = json.dumps(
            {"batchId": str(uuid.uuid4()), "sdk": SDK_NAME, "dropped": dropped, "exposures": out}, separators=(",", ":")
        )
        return PendingBatch(len(out), body.encode(), dropped)

    def refused(self, batch: PendingBatch) -> None:
        with self._lock:
            self._drops_to_report += batch.dropped
        self._add_drops(batch.items)

    def abandon(self, pending: Optional[PendingBatch]) -> int:
        lost = len(self.items) + (pending.items if pending is not None else 0)
        if pending is not None:
            with self._lock:
                self._drops_to_report += pending.dropped
        self.items.clear()
        self._add_drops(lost)
        return lost
