"""Follows one alias and keeps the artifact it points to loaded."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable, Generic, Optional, Tuple, TypeVar

from .types import AliasTarget

if TYPE_CHECKING:
    from .client import Client

T = TypeVar("T")


class ArtifactSwapper(Generic[T]):
    """When the alias moves, loads the new artifact in a background thread and swaps it in
    with one assignment, so requests see the old artifact or the new one, never a
    half-loaded one. A failed load keeps the old one (the error goes to the client's
    on_error); when moves race, the last one wins.

    Example: model = ArtifactSwapper(arena, "fraud-detector", "champion", lambda t: load(t.artifact_uri))
             model.current().predict(features)
    """

    def __init__(self, client: "Client", program: str, alias: str, load: Callable[[AliasTarget], T]) -> None:
        self._client = client
        self._load = load
        self._serving: Optional[Tuple[AliasTarget, T]] = None
        self._latest = 0
        self._lock = threading.Lock()
        self._loaded = threading.Event()
        self._closed = False
        self._unsubscribe = client.on_change(program, alias, self._moved, immediate=True)

    def current(self) -> Optional[T]:
        """The loaded artifact now serving; None until the first load completes."""
        serving = self._serving
        return None if serving is None else serving[1]

    def current_target(self) -> Optional[AliasTarget]:
        """The alias target of the artifact now serving."""
        serving = self._serving
        return None if serving is None else serving[0]

    def ready(self, timeout: Optional[float] = None) -> bool:
        """Waits for the first loaded artifact; True once there is one."""
        return self._loaded.wait(timeout)

    def close(self) -> None:
        """Stops following the alias; the current artifact stays."""
        self._closed = True
        self._unsubscribe()

    def _moved(self, target: AliasTarget, _previous: Optional[AliasTarget]) -> None:
        with self._lock:
            self._latest += 1
            ticket = self._latest
        # Loading may take seconds: never on the thread that delivers snapshots.
        threading.Thread(
            target=self._load_in_background, args=(ticket, target), name="arena-artifact-load", daemon=True
        ).start()

    def _load_in_background(self, ticket: int, target: AliasTarget) -> None:
        try:
            value = self._load(target)
        except Exception as error:
            self._client._report("callback", f"loading the artifact of version {target.version} failed", error)
            return
        with self._lock:
            # A later move started meanwhile: its load decides what serves.
            if ticket != self._latest or self._closed:
                return
            self._serving = (target, value)
        self._loaded.set()
