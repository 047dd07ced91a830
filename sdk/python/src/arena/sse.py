"""Incremental parser of the text/event-stream format (WHATWG HTML, "Server-sent events")."""

from __future__ import annotations

from typing import Callable, List, NamedTuple, Optional


class ServerSentEvent(NamedTuple):
    event: str
    data: str
    id: Optional[str]


class SseParser:
    """Feed it decoded text in chunks of any size; on_event gets every complete event.
    Comments (": ping") are skipped; "retry" is ignored. Linear in the input."""

    def __init__(self, on_event: Callable[[ServerSentEvent], None]) -> None:
        self._on_event = on_event
        self._partial: List[str] = []
        self._event = ""
        self._data: List[str] = []
        self._id: Optional[str] = None
        self._after_cr = False
        self._started = False

    def push(self, chunk: str) -> None:
        start = 0
        if not self._started and chunk:
            self._started = True
            if chunk[0] == "\ufeff":
                start = 1
        if self._after_cr and chunk[start : start + 1] == "\n":
            start += 1
        self._after_cr = False
        n = len(chunk)
        i = start
        while i < n:
            # Find the next line end (CR, LF or CRLF) without scanning character by character in Python.
            lf = chunk.find("\n", i)
            cr = chunk.find("\r", i)
            if lf < 0 and cr < 0:
                break
            end = lf if cr < 0 or (0 <= lf < cr) else cr
            self._partial.append(chunk[start:end])
            self._line(self._partial[0] if len(self._partial) == 1 else "".join(self._partial))
            self._partial = []
            if chunk[end] == "\r":
                if end + 1 == n:
                    self._after_cr = True
                elif chunk[end + 1] == "\n":
                    end += 1
            start = i = end + 1
        if start < n:
            self._partial.append(chunk[start:])

    def _line(self, line: str) -> None:
        if line == "":
            self._dispatch()
            return
        if line.startswith(":"):
            return
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "event":
            self._event = value
        elif field == "data":
            self._data.append(value)
        elif field == "id" and "\0" not in value:
            self._id = value

    def _dispatch(self) -> None:
        if self._data:
            self._on_event(ServerSentEvent(self._event or "message", "\n".join(self._data), self._id))
        self._event = ""
        self._data = []
