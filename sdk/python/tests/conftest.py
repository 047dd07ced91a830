import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.server import ArenaServer  # noqa: E402

_names = itertools.count(1)


@pytest.fixture(scope="session")
def server():
    """One real Arena server (built CLI, SQLite) for the whole session."""
    running = ArenaServer().start()
    yield running
    running.remove()


@pytest.fixture(scope="session")
def sdk_token(server):
    return server.sdk_token()


@pytest.fixture
def program_name():
    """A fresh program name per test: tests share the server, never a program."""
    return f"prog-{next(_names)}"
