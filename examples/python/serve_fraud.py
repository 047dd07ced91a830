#!/usr/bin/env python3
"""A tiny fraud model server on the standard library's http.server, with the Arena Python SDK.

It serves fraud-detector@champion (and @challenger for the units a rollout sends there),
records every request, prediction and delayed label, and swaps models live: when
@champion moves (promotion or rollback), the new model loads in a background thread
and replaces the old one atomically, with no restart.

    ARENA_URL=http://127.0.0.1:7700 ARENA_TOKEN=arena_... python3 examples/python/serve_fraud.py --port 8080
    curl -s localhost:8080/predict -d '{"user": "user-42", "amount": 912.5}'
    curl -s localhost:8080/label -d '{"prediction_id": "...", "fraud": false}'
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sdk" / "python" / "src"))

from arena import AliasTarget, ArtifactSwapper, Client  # noqa: E402

PROGRAM = os.environ.get("ARENA_PROGRAM", "fraud-detector")


class FraudModel:
    """Stand-in for model weights read from the artifact URI: a logistic score whose
    threshold depends on the artifact, and a load that takes a while."""

    def __init__(self, target: AliasTarget, load_seconds: float) -> None:
        time.sleep(load_seconds)
        self.version = target.version
        self.uri = target.artifact_uri or f"version-{target.version}"
        digest = hashlib.sha256(self.uri.encode()).digest()
        self.threshold = 400 + digest[0]  # amounts above ~400..655 look fraudulent to this model

    def predict(self, amount: float) -> float:
        return 1 / (1 + 2.718281828 ** (-(amount - self.threshold) / 50))


def make_handler(arena: Client, models: dict):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _reply(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            if length > 64 * 1024:
                raise ValueError("body too large")
            value = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(value, dict):
                raise ValueError("body must be a JSON object")
            return value

        def do_GET(self) -> None:
            if self.path != "/healthz":
                return self._reply(404, {"error": "GET /healthz, POST /predict or POST /label"})
            champion = models["champion"].current()
            self._reply(200, {"model": champion and champion.uri, "version": champion and champion.version, "arena": arena.status().mode})

        def do_POST(self) -> None:
            try:
                body = self._body()
            except ValueError as error:
                return self._reply(400, {"error": str(error)})
            if self.path == "/predict":
                return self._predict(body)
            if self.path == "/label":
                return self._label(body)
            self._reply(404, {"error": "POST /predict or POST /label"})

        def _predict(self, body: dict) -> None:
            started = time.perf_counter()
            user, amount = body.get("user"), body.get("amount")
            if not isinstance(user, str) or not user or not isinstance(amount, (int, float)):
                return self._reply(400, {"error": "user (string) and amount (number) are required"})
            answer = arena.resolve(PROGRAM, user)
            swapper = models.get(answer.alias) or models["champion"]
            model = swapper.current()
            if model is None or (answer.alias != "champion" and model.version != answer.version):
                model = models["champion"].current()  # the challenger is still loading: the champion answers
            if model is None:
                return self._reply(503, {"error": "no model loaded yet", "reason": answer.reason, "error_code": answer.error_code})
            score = model.predict(float(amount))
            prediction_id = str(uuid.uuid4())
            fraud = score >= 0.5
            latency_ms = (time.perf_counter() - started) * 1000
            arena.record.request(PROGRAM, version=model.version, unit_id=user, success=True, latency_ms=latency_ms)
            arena.record.prediction(PROGRAM, version=model.version, prediction_id=prediction_id, predicted=fraud)
            self._reply(200, {"prediction_id": prediction_id, "fraud": fraud, "score": round(score, 4), "version": model.version, "model": model.uri, "alias": answer.alias})

        def _label(self, body: dict) -> None:
            prediction_id, fraud = body.get("prediction_id"), body.get("fraud")
            if not isinstance(prediction_id, str) or not isinstance(fraud, bool):
                return self._reply(400, {"error": "prediction_id (string) and fraud (true/false) are required"})
            arena.record.label(PROGRAM, prediction_id=prediction_id, actual=fraud)
            self._reply(200, {"recorded": True})

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")), help="0 picks a free port")
    parser.add_argument("--load-seconds", type=float, default=0.3, help="how long loading a model takes")
    args = parser.parse_args()

    arena = Client(
        os.environ.get("ARENA_URL") or "http://127.0.0.1:7700",
        os.environ.get("ARENA_TOKEN", ""),
        on_error=lambda e: print(f"arena: {e}", file=sys.stderr, flush=True),
    )
    arena.ready(5.0)

    def load(target: AliasTarget) -> FraudModel:
        model = FraudModel(target, args.load_seconds)
        print(f"loaded model v{model.version} ({model.uri})", flush=True)
        return model

    models = {alias: ArtifactSwapper(arena, PROGRAM, alias, load) for alias in ("champion", "challenger")}
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(arena, models))
    print(f"serving {PROGRAM}@champion on http://127.0.0.1:{httpd.server_address[1]}", flush=True)

    def stop(*_: object) -> None:
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
        arena.close()  # ships what is buffered
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
