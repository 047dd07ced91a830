"""Keeping the snapshot fresh: a server-sent-events stream (GET /v1/sdk/stream) with
reconnection by jittered backoff and an idle timeout, and ETag polling
(GET /v1/sdk/snapshot with If-None-Match) while the stream is down.
Each loop runs in its own daemon thread. Port of src/sdk/snapshot-stream.ts and snapshot-poller.ts."""

from __future__ import annotations

import codecs
import http.client
import socket
import json
import threading
from typing import Any, Callable, NamedTuple, Optional

from .errors import ErrorSource, HttpStatusError
from .net import Endpoint, interrupt, send
from .sse import ServerSentEvent, SseParser
from .timing import backoff_delay


class FeedHandlers(NamedTuple):
    #: ETag of the live snapshot being served (If-None-Match), None to fetch unconditionally.
    current_etag: Callable[[], Optional[str]]
    on_snapshot: Callable[[Any], None]
    on_stream_open: Callable[[], None]
    on_stream_down: Callable[[], None]
    #: Whether the last poll reached the server (200 or 304).
    on_poll_result: Callable[[bool], None]
    on_error: Callable[[ErrorSource, str, BaseException], None]


class StreamSettings(NamedTuple):
    idle_timeout: float
    reconnect_base: float
    reconnect_max: float


class StreamIdle(Exception):
    pass


class Poller:
    """Polls every interval while the stream is down (or disabled); once at start in any case."""

    def __init__(
        self,
        endpoint: Endpoint,
        interval: float,
        handlers: FeedHandlers,
        closed: threading.Event,
        stream_open: Callable[[], bool],
    ) -> None:
        self._endpoint = endpoint
        self._interval = interval
        self._handlers = handlers
        self._closed = closed
        self._stream_open = stream_open
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="arena-poll", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Polls now (the stream went down, or the client closes)."""
        self._wake.set()

    def _run(self) -> None:
        first = True
        while not self._closed.is_set():
            if first or not self._stream_open():
                self.poll_once()
            first = False
            self._wake.wait(self._interval)
            self._wake.clear()

    def poll_once(self) -> None:
        try:
            extra = {}
            etag = self._handlers.current_etag()
            if etag is not None:
                extra["If-None-Match"] = etag
            answer = send(self._endpoint, "GET", "/v1/sdk/snapshot", None, extra)
            if answer.status == 304:
                self._handlers.on_poll_result(True)
                return
            if answer.status != 200:
                raise HttpStatusError(answer.status, answer.headers.get("retry-after"))
            body = json.loads(answer.body)
            self._handlers.on_poll_result(True)
            self._handlers.on_snapshot(body)
        except Exception as error:
            if self._closed.is_set():
                return
            self._handlers.on_poll_result(False)
            self._handlers.on_error("poll", "polling the snapshot failed", error)


class Stream:
    """Keeps one SSE connection until the client closes."""

    def __init__(
        self, endpoint: Endpoint, settings: StreamSettings, handlers: FeedHandlers, closed: threading.Event
    ) -> None:
        self._endpoint = endpoint
        self._settings = settings
        self._handlers = handlers
        self._closed = closed
        self._conn: Optional[http.client.HTTPConnection] = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="arena-stream", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Unblocks the reading thread; it then sees `closed` and ends."""
        with self._lock:
            conn, self._conn = self._conn, None
        interrupt(conn)

    def join(self, timeout: float) -> None:
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        attempt = 0
        while not self._closed.is_set():
            received = False
            try:
                received = self._once()
            except Exception as error:
                if not self._closed.is_set():
                    self._handlers.on_error("stream", "the snapshot stream failed", error)
            if self._closed.is_set():
                return
            self._handlers.on_stream_down()
            # A connection that delivered events was healthy: the backoff starts again from the bottom.
            attempt = 0 if received else attempt + 1
            self._closed.wait(backoff_delay(attempt, self._settings.reconnect_base, self._settings.reconnect_max))

    def _once(self) -> bool:
        # The socket timeout is the idle timeout: a read that waits longer (not even the 15 s ping) fails.
        conn = self._endpoint.connection(timeout=self._settings.idle_timeout)
        with self._lock:
            if self._closed.is_set():
                return False
            self._conn = conn
        received = False
        try:
            headers = self._endpoint.headers("text/event-stream")
            headers["Cache-Control"] = "no-cache"
            conn.request("GET", self._endpoint.prefix + "/v1/sdk/stream", headers=headers)
            response = conn.getresponse()
            if self._closed.is_set():
                return False  # closed while connecting: stop() found no socket to shut down yet
            if response.status != 200:
                raise HttpStatusError(response.status, response.getheader("retry-after"))
            if "text/event-stream" not in (response.getheader("content-type") or ""):
                raise HttpStatusError(response.status)
            self._handlers.on_stream_open()

            def on_event(event: ServerSentEvent) -> None:
                nonlocal received
                received = True
                if event.event == "snapshot":
                    try:
                        body = json.loads(event.data)
                    except ValueError as error:
                        self._handlers.on_error("snapshot", "a streamed snapshot is not JSON", error)
                        return
                    self._handlers.on_snapshot(body)

            parser = SseParser(on_event)
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            while not self._closed.is_set():
                try:
                    chunk = response.read1(65536)
                except socket.timeout as error:
                    raise StreamIdle(f"no data for {self._settings.idle_timeout} s") from error
                if not chunk:
                    return received
                parser.push(decoder.decode(chunk))
            return received
        finally:
            with self._lock:
                if self._conn is conn:
                    self._conn = None
            conn.close()
