"""End to end: examples/python/serve_fraud.py serves fraud-detector@champion against the
real server; a promotion and a rollback of @champion swap its model live, without a
restart; its requests, predictions and delayed labels reach the server, per version."""

import json
import re
import subprocess
import sys
import threading
import urllib.request

from support.server import ROOT, wait_for

EXAMPLE = ROOT / "examples" / "python" / "serve_fraud.py"


def post(url, body):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_the_example_model_server_follows_promotion_and_rollback(server):
    server.program("fraud-detector", versions=2, champion=1)
    server.api(
        "PUT",
        "/v1/programs/fraud-detector/metrics/error_rate",
        {"kind": "proportion", "direction": "lower", "unit": "%", "source": {"type": "request", "field": "error"}},
    )
    server.api(
        "PUT",
        "/v1/programs/fraud-detector/metrics/fpr",
        {
            "kind": "classifier",
            "classifierMetric": "fpr",
            "direction": "lower",
            "unit": "%",
            "source": {"type": "prediction"},
        },
    )
    token = server.sdk_token("fraud-model-server")
    env = {"ARENA_URL": server.url, "ARENA_TOKEN": token, "PATH": "/usr/bin:/bin"}
    example = subprocess.Popen(
        [sys.executable, str(EXAMPLE), "--port", "0", "--load-seconds", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    threading.Thread(target=lambda: [output.append(line) for line in example.stdout], daemon=True).start()
    try:
        base = wait_for(
            lambda: next((m.group(1) for line in output for m in [re.search(r"on (http://\S+)", line)] if m), None),
            "the example to listen",
        )
        wait_for(lambda: get(f"{base}/healthz")["version"] == 1, "model v1 to load")
        served = []

        def predict(user):
            answer = post(f"{base}/predict", {"user": user, "amount": 700})
            served.append(answer["version"])
            # The truth arrives later, from another call: every other transaction was legitimate.
            post(f"{base}/label", {"prediction_id": answer["prediction_id"], "fraud": len(served) % 2 == 0})
            return answer

        first = predict("user-1")
        assert (first["version"], first["model"]) == (1, "s3://models/fraud-detector/1")

        server.move("fraud-detector", "champion", 2, "promote v2")
        wait_for(lambda: predict("user-2")["version"] == 2, "the promoted model to serve")
        assert predict("user-3")["model"] == "s3://models/fraud-detector/2"

        server.api("POST", "/v1/programs/fraud-detector/aliases/champion/rollback", {"reason": "false positives"})
        wait_for(lambda: predict("user-4")["version"] == 1, "the rolled-back model to serve")
        assert example.poll() is None, "the model server never restarted"
        # Each model was loaded once per move, in the background.
        assert sum("loaded model v" in line for line in output) == 3
        # Bad input is a 400 naming the field, not a crash.
        try:
            post(f"{base}/predict", {"user": "u"})
            raise AssertionError("expected 400")
        except urllib.error.HTTPError as error:
            assert error.code == 400 and b"amount" in error.read()
    finally:
        example.terminate()
        example.wait(30)
    assert "stopped" in "".join(output)
    variants = {
        v["version"]: v for v in server.api("GET", "/v1/programs/fraud-detector/telemetry?window=1h")["variants"]
    }
    requests = {version: variants[version]["metrics"]["error_rate"]["stats"]["n"] for version in variants}
    assert requests == {1: served.count(1), 2: served.count(2)}
    assert variants[1]["exposures"] + variants[2]["exposures"] == len(served)
    # Every prediction met its delayed label on the server, per version.
    for version in (1, 2):
        confusion = variants[version]["metrics"]["fpr"]["stats"]
        assert sum(confusion.values()) == served.count(version), (version, confusion)
