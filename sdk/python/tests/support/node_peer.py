"""Runs tests/support/node_peer.mjs: the TypeScript code answering the same question."""

import json
import subprocess
from pathlib import Path

from .server import CLI, ROOT

SCRIPT = Path(__file__).resolve().parent / "node_peer.mjs"


def ask_node(request: dict) -> dict:
    if not CLI.exists():
        raise RuntimeError("dist/ is missing: run `npm run build` first (npm test does)")
    done = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(request).encode(), capture_output=True, cwd=str(ROOT), timeout=300
    )
    if done.returncode != 0:
        raise AssertionError(f"node_peer.mjs failed: {done.stderr.decode()}")
    return json.loads(done.stdout)
