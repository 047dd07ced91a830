"""Turns drop counts into on_error reports without flooding: summed by reason and
reported at most once per `delay` seconds (and when the client closes)."""

from __future__ import annotations

import threading
from typing import Callable, Dict, Optional


class DropReporter:
    def __init__(self, what: str, report: Callable[[str], None], delay: float = 1.0) -> None:
        self._what = what
        self._report = report
        self._delay = delay
        self._counts: Dict[str, int] = {}
        self._last_detail: Optional[str] = None
        self._timer: Optional[threading.Timer] = None
        self._lock = threading.Lock()

    def add(self, reason: str, count: int, detail: Optional[str] = None) -> None:
        with self._lock:
            self._counts[reason] = self._counts.get(reason, 0) + count
            if detail is not None:
                self._last_detail = detail
            if self._timer is None:
                self._timer = threading.Timer(self._delay, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if not self._counts:
                return
            parts = ", ".join(f"{n} {reason}" for reason, n in self._counts.items())
            detail = "" if self._last_detail is None else f"; last: {self._last_detail}"
            self._counts = {}
            self._last_detail = None
        self._report(f"{self._what} not kept: {parts}{detail}")
