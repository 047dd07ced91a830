"""The real Arena server for the tests: the built CLI (npm run build), its own process,
a fresh SQLite folder and a free port."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parents[4]
CLI = ROOT / "dist" / "src" / "cli" / "main.js"


def wait_for(probe: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    """Polls probe until it returns something truthy; fails after timeout (generous: the machine is shared)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ArenaServer:
    """One `arena server` process. start() again on the same folder and port restarts it."""

    def __init__(self, data_dir: Optional[str] = None, port: int = 0) -> None:
        if not CLI.exists():
            raise RuntimeError(f"{CLI} is missing: run `npm run build` first (npm test does)")
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="arena-py-")
        self.port = port
        self.url = ""
        self.token = ""
        self.output = ""
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "ArenaServer":
        self.process = subprocess.Popen(
            ["node", str(CLI), "server", "--port", str(self.port), "--data-dir", self.data_dir],
            cwd=str(ROOT),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = ""
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()

        def listening() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"arena server exited with {self.process.returncode}:\n{self.output}")
            # The admin token is printed on the first start only; a restart keeps the one it had.
            has_token = bool(self.token) or re.search(r"export ARENA_TOKEN=(\S+)", self.output) is not None
            return has_token and re.search(r"listening on (http://\S+)", self.output) is not None

        wait_for(listening, "the Arena server to listen", 60.0)
        self.url = re.findall(r"listening on (http://\S+)", self.output)[-1].rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])
        token = re.search(r"export ARENA_TOKEN=(\S+)", self.output)
        if token is not None and not self.token:
            self.token = token.group(1)
        return self

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.output += line

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def api(self, method: str, path: str, body: Any = None, token: Optional[str] = None) -> Any:
        """A JSON request with the admin token; raises AssertionError on a non-2xx answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {token or self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path}: {error.code} {error.read().decode()}") from None
        return json.loads(text) if text else None

    def sdk_token(self, name: str = "py-sdk") -> str:
        return self.api("POST", "/v1/tokens", {"name": name, "roles": ["sdk"]})["token"]

    def program(self, name: str, versions: int = 2, champion: int = 1) -> None:
        """A program with `versions` candidates (artifact s3://models/<name>/<n>) and @champion set."""
        self.api("POST", "/v1/programs", {"name": name})
        for n in range(1, versions + 1):
            self.api("POST", f"/v1/programs/{name}/candidates", {"artifactUri": f"s3://models/{name}/{n}"})
        self.move(name, "champion", champion)

    def move(self, program: str, alias: str, version: int, reason: str = "test") -> None:
        self.api("PUT", f"/v1/programs/{program}/aliases/{alias}", {"version": version, "reason": reason})
