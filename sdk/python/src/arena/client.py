"""The Arena client: serves from a bootstrap at once, keeps a live snapshot fresh over a
stream (polling while it is down), records exposures and telemetry and ships them in
the background. Thread-safe: resolve from any number of threads.

Example:
    arena = Client("http://arena.internal:7700", token)
    arena.ready(2.0)
    answer = arena.resolve("fraud-detector", user_id)   # local, never raises
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional, Union

from .compiled import CompiledSnapshot, resolve_in, snapshot_problem
from .drops import DropReporter
from .errors import ArenaSdkError, ErrorSource, sdk_error
from .exposures import ExposureBuffer, iso
from .feed import FeedHandlers, Poller, Stream, StreamSettings
from .net import Endpoint
from .options import (
    ClientStatus,
    DisabledRecorder,
    ExposureOptions,
    RecorderSettings,
    TelemetryOptions,
    count_option as _count,
    etag as _etag,
    positive_option as _positive,
)
from .recorder import TelemetryRecorder
from .shipper import BatchShipper, ShipperSettings
from .types import AliasTarget, Resolution
from .watchers import ChangeCallback, ChangeWatchers


class Client:
    """See the module doc. Raises only for a missing or malformed url; everything after
    runs in the background and reports through on_error (an ArenaSdkError)."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        bootstrap: Optional[Mapping[str, Any]] = None,
        bootstrap_file: Optional[str] = None,
        stream: bool = True,
        poll_interval: float = 5.0,
        exposures: Union[ExposureOptions, bool] = True,
        telemetry: Union[TelemetryOptions, bool] = True,
        reconnect_base: float = 0.5,
        reconnect_max: float = 30.0,
        stream_idle_timeout: float = 45.0,
        request_timeout: float = 10.0,
        on_error: Optional[Callable[[ArenaSdkError], None]] = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        if not isinstance(url, str) or not url:
            raise ValueError("Client: url is required")
        self._endpoint = Endpoint.parse(url.rstrip("/"), token, _positive(request_timeout, 10.0))
        self._on_error = on_error
        self._now = now
        self._compiled: Optional[CompiledSnapshot] = None
        #: The compiled snapshot's resolvers by program (empty before any): the one thing resolve reads.
        self._resolvers: Dict[str, Callable[[str], Resolution]] = {}
        self._source: Optional[str] = None
        self._last_update: Optional[float] = None
        self._stream_open = False
        self._poll_reached = False
        self.last_error: Optional[str] = None
        self._closed = threading.Event()
        self._loaded = threading.Event()
        self._apply_lock = threading.RLock()
        self._close_lock = threading.Lock()
        self._watchers = ChangeWatchers(lambda error: self._report("callback", "an on_change callback failed", error))
        self._telemetry_drops = DropReporter(
            "telemetry observations",
            lambda message: self._report("telemetry", "recording telemetry", RuntimeError(message)),
        )

        self._exposures: Optional[ExposureBuffer] = None
        #: The buffer while exposures are recorded; None when disabled or closed.
        self._exposure_recorder: Optional[ExposureBuffer] = None
        self._exposure_shipper: Optional[BatchShipper] = None
        if exposures is not False:
            e = exposures if isinstance(exposures, ExposureOptions) else ExposureOptions()
            self._exposures = ExposureBuffer(_count(e.max_buffer, 10_000), _count(e.batch_size, 500))
            self._exposure_recorder = self._exposures
            self._exposure_shipper = BatchShipper(
                "/v1/exposures",
                "exposures",
                self._exposures,
                self._endpoint,
                ShipperSettings(
                    _positive(e.flush_interval, 2.0), _positive(e.retry_base, 1.0), _positive(e.retry_max, 60.0)
                ),
                lambda error: self._report("exposures", "shipping exposures failed", error),
            )
        self._recorder: Optional[TelemetryRecorder] = None
        self._telemetry_shipper: Optional[BatchShipper] = None
        self.record: Union[TelemetryRecorder, DisabledRecorder] = DisabledRecorder()
        if telemetry is not False:
            t = telemetry if isinstance(telemetry, TelemetryOptions) else TelemetryOptions()
            track = t.track_units
            programs = frozenset(track) if not isinstance(track, bool) else None
            tracks: Callable[[str], bool] = (
                (lambda p: p in programs) if programs is not None else (lambda p: track is True)
            )
            settings = RecorderSettings(
                _count(t.max_windows, 1_000),
                _count(t.max_events, 10_000),
                tracks,
                _count(t.max_units_per_window, 10_000),
                _count(t.max_units, 100_000),
                _count(t.batch_size, 500),
            )
            self._recorder = TelemetryRecorder(settings, now, self._telemetry_drops.add)
            self.record = self._recorder
            self._telemetry_shipper = BatchShipper(
                "/v1/telemetry",
                "telemetry events",
                self._recorder,
                self._endpoint,
                ShipperSettings(
                    _positive(t.flush_interval, 10.0), _positive(t.retry_base, 1.0), _positive(t.retry_max, 60.0)
                ),
                lambda error: self._report("telemetry", "shipping telemetry failed", error),
            )

        self._load_bootstrap(bootstrap, bootstrap_file)
        handlers = FeedHandlers(
            current_etag=lambda: (
                _etag(self._compiled.revision) if self._source == "live" and self._compiled is not None else None
            ),
            on_snapshot=lambda body: self._apply(body, "live"),
            on_stream_open=self._stream_opened,
            on_stream_down=self._stream_down,
            on_poll_result=self._poll_result,
            on_error=self._report,
        )
        self._poller = Poller(
            self._endpoint, _positive(poll_interval, 5.0), handlers, self._closed, lambda: self._stream_open
        )
        self._stream: Optional[Stream] = None
        if stream:
            self._stream = Stream(
                self._endpoint,
                StreamSettings(
                    _positive(stream_idle_timeout, 45.0), _positive(reconnect_base, 0.5), _positive(reconnect_max, 30.0)
                ),
                handlers,
                self._closed,
            )
        for shipper in (self._exposure_shipper, self._telemetry_shipper):
            if shipper is not None:
                shipper.start()
        # Poll once at start even with a stream: the first snapshot arrives by whichever answers first.
        self._poller.start()
        if self._stream is not None:
            self._stream.start()

    # ---- serving --------------------------------------------------------

    def resolve(self, program: str, unit_id: str) -> Resolution:
        """Which version serves this unit. Local, never raises, never waits.
        Example: arena.resolve("fraud-detector", user_id).artifact_uri"""
        try:
            resolver = self._resolvers.get(program)
            answer = resolver(unit_id) if resolver is not None else resolve_in(self._compiled, program, unit_id)
        except Exception:
            # No snapshot, an unhashable program name or a bug: the careful path names it, never raises.
            answer = resolve_in(self._compiled, program, unit_id)
        buffer = self._exposure_recorder
        # An empty or non-string unit id identifies nobody: served, not recorded.
        if buffer is not None and answer.version is not None and unit_id and type(unit_id) is str:
            try:
                # ExposureBuffer.record, inlined: this runs on every request.
                items = buffer.items
                if len(items) < buffer.capacity:
                    items.append((answer.program, unit_id, answer.alias, answer.version, self._now()))
                else:
                    buffer.record(answer.program, unit_id, answer.alias, answer.version, 0.0)
            except Exception:
                pass  # only a failing injected clock gets here; serving matters more than one exposure
        return answer

    def target(self, program: str, alias: str) -> Optional[AliasTarget]:
        """The version an alias points to now, if known."""
        compiled = self._compiled
        try:
            return None if compiled is None else compiled.target(program, alias)
        except Exception:
            return None

    def on_change(
        self, program: str, alias: str, callback: ChangeCallback, *, immediate: bool = False
    ) -> Callable[[], None]:
        """Calls back (next, previous) whenever the alias's version changes; returns an unsubscribe function.
        Callbacks run on the SDK's feed thread: keep them short (ArtifactSwapper loads in its own thread)."""
        with self._apply_lock:
            return self._watchers.add(program, alias, callback, self.target(program, alias), immediate)

    def ready(self, timeout: float = 5.0) -> bool:
        """True once a snapshot (bootstrap or live) is loaded; False if none within timeout seconds."""
        if self._compiled is None and not self._closed.is_set():
            self._loaded.wait(timeout)
        return self._compiled is not None

    def status(self) -> ClientStatus:
        closed = self._closed.is_set()
        connected = not closed and (self._stream_open or self._poll_reached)
        compiled = self._compiled
        ex, ts = self._exposure_shipper, self._telemetry_shipper
        return ClientStatus(
            connected=connected,
            mode="offline" if not connected else "stream" if self._stream_open else "poll",
            revision=None if compiled is None else compiled.revision,
            last_update=None if self._last_update is None else iso(self._last_update),
            source=self._source,
            dropped_exposures=self._exposures.dropped_total if self._exposures else 0,
            buffered_exposures=ex.backlog if ex else 0,
            sent_exposures=ex.sent if ex else 0,
            dropped_telemetry=self._recorder.dropped_total if self._recorder else 0,
            buffered_telemetry=ts.backlog if ts else 0,
            sent_telemetry=ts.sent if ts else 0,
            dropped_unit_totals=self._recorder.dropped_unit_totals if self._recorder else 0,
            last_error=self.last_error,
        )

    def flush(self) -> None:
        """Ships buffered exposures and telemetry now (one attempt per batch), in the calling thread. Never raises."""
        for kind, shipper in (("exposures", self._exposure_shipper), ("telemetry", self._telemetry_shipper)):
            if shipper is not None:
                try:
                    shipper.drain()
                except Exception as error:
                    self._report(kind, "flush failed", error)  # type: ignore[arg-type]

    def close(self) -> None:
        """Flushes, then stops the stream, polling and shipping. Idempotent; what could not be shipped is counted as dropped."""
        with self._close_lock:
            if self._closed.is_set():
                return
            self._closed.set()
        self._stream_open = False
        self._exposure_recorder = None
        if self._stream is not None:
            self._stream.stop()
        self._poller.wake()
        self._watchers.clear()
        self._loaded.set()
        if self._recorder is not None:
            self._recorder.close()
        for kind, shipper in (("exposures", self._exposure_shipper), ("telemetry", self._telemetry_shipper)):
            if shipper is None:
                continue
            shipper.stop()
            try:
                shipper.drain(final=True)
            except Exception as error:
                self._report(kind, "closing", error)  # type: ignore[arg-type]
            lost = shipper.abandon()
            if lost > 0 and kind == "exposures":
                self._report("exposures", "closing", RuntimeError(f"{lost} exposures could not be shipped"))
        self._telemetry_drops.flush()
        if self._stream is not None:
            self._stream.join(2.0)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---- feed -----------------------------------------------------------

    def _stream_opened(self) -> None:
        self._stream_open = True

    def _stream_down(self) -> None:
        self._stream_open = False
        self._poll_reached = False
        self._poller.wake()

    def _poll_result(self, reached: bool) -> None:
        self._poll_reached = reached

    def _load_bootstrap(self, bootstrap: Optional[Mapping[str, Any]], path: Optional[str]) -> None:
        raw: Any = bootstrap
        if raw is None and path is not None:
            try:
                with open(path, encoding="utf-8") as f:
                    raw = json.load(f)
            except Exception as error:
                self._report("bootstrap", f"cannot read {path}", error)
                return
        if raw is not None:
            self._apply(raw, "bootstrap")

    def _apply(self, raw: Any, source: str) -> None:
        """Installs a snapshot unless it is malformed or older than the live one being served."""
        problem = snapshot_problem(raw)
        if problem is not None:
            self._report(
                "bootstrap" if source == "bootstrap" else "snapshot", "ignored a snapshot", ValueError(problem)
            )
            return
        with self._apply_lock:
            if self._closed.is_set():
                return
            current = self._compiled
            # Never go backwards; a bootstrap, though, gives way to the first live snapshot whatever its revision.
            if current is not None and self._source == "live" and raw["revision"] <= current.revision:
                return
            try:
                compiled = CompiledSnapshot(raw)
            except Exception as error:
                self._report("snapshot", "cannot compile a snapshot", error)
                return
            self._compiled = compiled
            self._resolvers = compiled.resolvers
            self._source = source
            try:
                self._last_update = float(self._now())
            except Exception:
                self._last_update = time.time()
            self._loaded.set()
            self._watchers.notify(compiled.target)

    def _report(self, source: ErrorSource, context: str, cause: BaseException) -> None:
        error = sdk_error(source, context, cause)
        self.last_error = error.message
        if self._on_error is not None:
            try:
                self._on_error(error)
            except Exception:
                pass  # an on_error handler that raises must not stop the SDK


def create_client(url: str, token: str, **options: Any) -> Client:
    """Same as Client(url, token, **options), named like the TypeScript SDK's createClient."""
    return Client(url, token, **options)
