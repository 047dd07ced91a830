"""on_change subscriptions. Each watcher remembers the version it last saw, so it is
called exactly once per change of its alias's version, whatever the number of
snapshots in between."""

from __future__ import annotations

import threading
from typing import Callable, List, Optional

from .types import AliasTarget

ChangeCallback = Callable[[AliasTarget, Optional[AliasTarget]], None]
TargetOf = Callable[[str, str], Optional[AliasTarget]]


class _Watcher:
    __slots__ = ("program", "alias", "callback", "seen")

    def __init__(self, program: str, alias: str, callback: ChangeCallback, seen: Optional[AliasTarget]) -> None:
        self.program = program
        self.alias = alias
        self.callback = callback
        self.seen = seen


class ChangeWatchers:
    def __init__(self, on_callback_error: Callable[[BaseException], None]) -> None:
        self._on_error = on_callback_error
        self._watchers: List[_Watcher] = []
        self._lock = threading.RLock()

    def add(
        self, program: str, alias: str, callback: ChangeCallback, current: Optional[AliasTarget], immediate: bool
    ) -> Callable[[], None]:
        watcher = _Watcher(program, alias, callback, current)
        with self._lock:
            self._watchers.append(watcher)
            if immediate and current is not None:
                self._call(watcher, current, None)

        def unsubscribe() -> None:
            with self._lock:
                if watcher in self._watchers:
                    self._watchers.remove(watcher)

        return unsubscribe

    def notify(self, target_of: TargetOf) -> None:
        """Calls every watcher whose alias now points to another version. A removed alias calls nobody."""
        with self._lock:
            for watcher in list(self._watchers):
                nxt = target_of(watcher.program, watcher.alias)
                if nxt is None or (watcher.seen is not None and nxt.version == watcher.seen.version):
                    continue
                previous, watcher.seen = watcher.seen, nxt
                self._call(watcher, nxt, previous)

    def clear(self) -> None:
        with self._lock:
            self._watchers.clear()

    def _call(self, watcher: _Watcher, nxt: AliasTarget, previous: Optional[AliasTarget]) -> None:
        try:
            watcher.callback(nxt, previous)
        except Exception as error:
            self._on_error(error)
