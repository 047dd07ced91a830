"""Ships batches to one endpoint from a background thread, one request at a time.

A failed batch is retried with the very same bytes (so the same batchId: the server
dedupes) after an exponential backoff with jitter or the server's Retry-After; a
batch the server refuses (4xx) goes back to its source to be counted as dropped;
events the server rejects one by one are reported. Port of src/sdk/batch-shipper.ts.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Callable, NamedTuple, Optional, Protocol, Union

from .errors import HttpStatusError
from .net import Endpoint, send
from .timing import backoff_delay, retry_after_seconds

#: A Retry-After longer than this is read as this.
MAX_RETRY_AFTER = 3600.0


class PendingBatch(NamedTuple):
    """A batch ready to (re)send: its body is built once, so a retry sends the same batchId."""

    #: Items it carries (exposures, observations), for the sent and dropped counters.
    items: int
    body: bytes
    #: Exposure drops reported in this batch (given back if it never reaches the server).
    dropped: int = 0


class BatchSource(Protocol):
    @property
    def size(self) -> int: ...
    def has_work(self) -> bool: ...
    def next(self) -> PendingBatch: ...
    def refused(self, batch: PendingBatch) -> None: ...
    def abandon(self, pending: Optional[PendingBatch]) -> int: ...


class ShipperSettings(NamedTuple):
    flush_interval: float
    retry_base: float
    retry_max: float


def _retryable(status: int) -> bool:
    return status in (408, 429) or status >= 500


class BatchShipper:
    def __init__(
        self,
        path: str,
        what: str,
        source: BatchSource,
        endpoint: Endpoint,
        settings: ShipperSettings,
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.sent = 0
        self._path = path
        self._what = what
        self._source = source
        self._endpoint = endpoint
        self._settings = settings
        self._on_error = on_error
        self._pending: Optional[PendingBatch] = None
        self._attempts = 0
        self._retry_at = 0.0
        self._drain_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"arena-{what.replace(' ', '-')}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    @property
    def backlog(self) -> int:
        pending = self._pending
        return self._source.size + (pending.items if pending is not None else 0)

    def drain(self, final: bool = False) -> None:
        """Ships until everything is sent or a request fails. Honours a running backoff unless final."""
        with self._drain_lock:
            if not final and time.monotonic() < self._retry_at:
                return
            while self._pending is not None or self._source.has_work():
                if self._pending is None:
                    self._pending = self._source.next()
                batch = self._pending
                outcome = self._send(batch.body)
                if isinstance(outcome, str):
                    if outcome == "sent":
                        self.sent += batch.items
                    else:
                        self._source.refused(batch)
                    self._pending = None
                    self._attempts = 0
                    self._retry_at = 0.0
                    continue
                delay = (
                    outcome
                    if outcome is not None
                    else backoff_delay(self._attempts, self._settings.retry_base, self._settings.retry_max)
                )
                self._attempts += 1
                self._retry_at = time.monotonic() + min(delay, MAX_RETRY_AFTER)
                return

    def abandon(self) -> int:
        """Counts whatever could not be shipped as dropped; called once the client is closed."""
        with self._drain_lock:
            lost = self._source.abandon(self._pending)
            self._pending = None
            return lost

    def _run(self) -> None:
        while not self._stop.is_set():
            wait = self._settings.flush_interval
            if self._retry_at > 0:
                wait = max(0.0, min(wait, self._retry_at - time.monotonic()))
            if self._stop.wait(wait):
                return
            try:
                self.drain()
            except Exception as error:  # a bug in a source must not kill shipping
                self._on_error(error)

    def _send(self, body: bytes) -> Union[str, float, None]:
        """ "sent", "refused", or the delay before a retry (None: use the backoff)."""
        try:
            answer = send(self._endpoint, "POST", self._path, body)
        except Exception as error:
            self._on_error(error)
            return None
        if 200 <= answer.status < 300:
            self._report_rejected(answer.body)
            return "sent"
        retry_after = answer.headers.get("retry-after")
        self._on_error(HttpStatusError(answer.status, retry_after))
        if not _retryable(answer.status):
            return "refused"
        return retry_after_seconds(retry_after)

    def _report_rejected(self, body: bytes) -> None:
        """The server keeps a batch's valid events and lists the others in `rejected`: say so."""
        try:
            rejected = json.loads(body).get("rejected")
        except Exception:
            return
        if isinstance(rejected, list) and rejected:
            self._on_error(ValueError(f"the server rejected {len(rejected)} {self._what}: {json.dumps(rejected[:3])}"))
