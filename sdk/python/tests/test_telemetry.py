"""Exposures and the telemetry recorder against the real server: exact counts, a p95
within 1 %, bounded memory with counted drops, retries that reuse the batchId."""

import math

import pytest

from arena import Client, ExposureOptions, TelemetryOptions
from support.faulty_proxy import FaultyProxy
from support.server import wait_for

METRICS = {
    "error_rate": {
        "kind": "proportion",
        "direction": "lower",
        "unit": "%",
        "source": {"type": "request", "field": "error"},
    },
    "latency_p95": {
        "kind": "quantile",
        "quantile": 0.95,
        "direction": "lower",
        "unit": "ms",
        "source": {"type": "request", "field": "latency"},
    },
    "cost_per_request": {
        "kind": "ratio",
        "direction": "lower",
        "unit": "$",
        "aggregation": "unit",
        "source": {"type": "ratio", "numerator": {"type": "cost"}, "denominator": {"type": "requests"}},
    },
    "revenue": {
        "kind": "mean",
        "direction": "higher",
        "unit": "$",
        "source": {"type": "event", "event": "purchase", "field": "value"},
    },
}


def with_metrics(server, name):
    server.program(name, versions=1)
    for metric, body in METRICS.items():
        server.api("PUT", f"/v1/programs/{name}/metrics/{metric}", body)


def report(server, name):
    return server.api("GET", f"/v1/programs/{name}/telemetry?window=1h")["variants"]


def test_records_1000_requests_and_the_server_reads_exact_counts(server, sdk_token, program_name):
    with_metrics(server, program_name)
    errors = []
    latencies = []
    failures = 0
    with Client(
        server.url, sdk_token, stream=False, telemetry=TelemetryOptions(track_units=True), on_error=errors.append
    ) as arena:
        assert arena.ready(20.0)
        for i in range(1000):
            unit = f"user-{i % 200}"
            version = arena.resolve(program_name, unit).version
            latency = 5 + ((i * 7919) % 1000) * 0.3
            success = i % 25 != 0
            latencies.append(latency)
            failures += not success
            arena.record.request(
                program_name, version=version, unit_id=unit, success=success, latency_ms=latency, cost=0.002
            )
            if i % 10 == 0:
                arena.record.event(program_name, version=version, unit_id=unit, name="purchase", value=30)
        arena.flush()
        status = arena.status()
        assert (status.sent_telemetry, status.dropped_telemetry, status.buffered_telemetry) == (1100, 0, 0)
        assert (status.sent_exposures, status.dropped_exposures) == (1000, 0)
    assert errors == []
    variants = report(server, program_name)
    assert len(variants) == 1
    v1 = variants[0]
    assert v1["exposures"] == 1000
    assert v1["metrics"]["error_rate"]["status"] == "ok" and v1["metrics"]["error_rate"]["stats"]["n"] == 1000
    assert v1["metrics"]["error_rate"]["stats"]["successes"] == failures
    assert (v1["metrics"]["revenue"]["n"], v1["metrics"]["revenue"]["value"]) == (100, 30)
    assert v1["metrics"]["cost_per_request"]["n"] == 200
    assert v1["metrics"]["cost_per_request"]["value"] == pytest.approx(0.002, abs=1e-12)
    true_p95 = sorted(latencies)[math.floor(0.95 * 999)]
    assert abs(v1["metrics"]["latency_p95"]["value"] - true_p95) / true_p95 <= 0.01


def test_predictions_labels_and_features_are_accepted(server, sdk_token, program_name):
    server.program(program_name, versions=1)
    errors = []
    with Client(server.url, sdk_token, stream=False, on_error=errors.append) as arena:
        assert arena.ready(20.0)
        for i in range(50):
            arena.record.prediction(
                program_name, version=1, prediction_id=f"p{i}", predicted=i % 3 == 0, segments={"region": "eu"}
            )
            arena.record.label(program_name, prediction_id=f"p{i}", actual=i % 2 == 0)
            arena.record.feature(program_name, version=1, feature="amount", value=i * 1.5 - 10)
        arena.flush()
        assert arena.status().sent_telemetry == 150
    assert errors == []


def test_bad_observations_are_counted_never_raised(server, sdk_token, program_name):
    server.program(program_name, versions=1)
    errors = []
    with Client(
        server.url,
        sdk_token,
        stream=False,
        telemetry=TelemetryOptions(max_windows=1, max_events=2),
        on_error=errors.append,
    ) as arena:
        arena.record.request(program_name, version=0, success=True)
        arena.record.request(program_name, version=1, success="yes")
        arena.record.request(program_name, version=1, success=True, latency_ms=float("nan"))
        arena.record.request(program_name, version=1, success=True, latncy_ms=3)  # a typo is refused, not ignored
        arena.record.request(program_name, 1, True)
        arena.record.event(program_name, version=1, name="Bad Name")
        arena.record.event(program_name, version=1, name="constructor")
        arena.record.feature(program_name, version=1, feature="x", value=None)
        arena.record.request(program_name, version=1, success=True, segments={"region": "eu"})
        arena.record.request(
            program_name, version=1, success=True, segments={"region": "us"}
        )  # a second window: bound is 1
        for i in range(3):
            arena.record.label(program_name, prediction_id=f"p{i}", actual=True)  # the third exceeds max_events
        assert arena.status().dropped_telemetry == 10
        arena.flush()
        assert arena.status().sent_telemetry == 3
    assert any("telemetry observations not kept" in e.message and "8 invalid" in e.message for e in errors)
    assert any("1 windows full" in e.message and "1 events full" in e.message for e in errors)


def test_a_lost_answer_is_retried_with_the_same_batch_id_and_counted_once(server, sdk_token, program_name):
    with_metrics(server, program_name)
    proxy = FaultyProxy(server.url, lose_first=1)
    try:
        errors = []
        with Client(
            proxy.url,
            sdk_token,
            stream=False,
            exposures=False,
            telemetry=TelemetryOptions(retry_base=0.05, retry_max=0.1),
            on_error=errors.append,
        ) as arena:
            assert arena.ready(20.0)
            for i in range(40):
                arena.record.request(program_name, version=1, success=True, latency_ms=10.0 + i)
            arena.flush()  # reaches the server, the answer is lost
            assert arena.status().sent_telemetry == 0
            wait_for(lambda: arena.status().sent_telemetry == 40, "the retry")
        assert len(proxy.batch_ids) == 2 and proxy.batch_ids[0] == proxy.batch_ids[1]
        assert any("HTTP 503" in e.message for e in errors)
    finally:
        proxy.close()
    assert report(server, program_name)[0]["metrics"]["error_rate"]["stats"]["n"] == 40


def test_a_full_exposure_buffer_counts_drops_and_reports_them_to_the_server(server, sdk_token, program_name):
    server.program(program_name, versions=1)
    with Client(
        server.url,
        sdk_token,
        stream=False,
        telemetry=False,
        exposures=ExposureOptions(max_buffer=10, flush_interval=3600),
    ) as arena:
        assert arena.ready(20.0)
        for i in range(25):
            arena.resolve(program_name, f"u{i}")
        arena.resolve(program_name, "")  # identifies nobody: served, not recorded
        assert arena.status().dropped_exposures == 15
        arena.flush()
        assert arena.status().sent_exposures == 10
    counts = server.api("GET", f"/v1/programs/{program_name}/exposures?window=1h")
    assert counts["droppedBySdks"] == 15
    assert sum(v["exposures"] for v in counts["variants"]) == 10


def test_recording_after_close_counts_as_dropped(server, sdk_token, program_name):
    server.program(program_name, versions=1)
    arena = Client(server.url, sdk_token, stream=False)
    arena.close()
    arena.record.request(program_name, version=1, success=True)
    assert arena.status().dropped_telemetry == 1


def test_a_token_without_telemetry_write_gets_its_batches_counted_as_dropped(server, program_name):
    server.program(program_name, versions=1)
    viewer = server.api("POST", "/v1/tokens", {"name": "read-only", "roles": ["viewer"]})["token"]
    errors = []
    with Client(server.url, viewer, stream=False, exposures=False, on_error=errors.append) as arena:
        assert arena.ready(20.0)  # a viewer may read the snapshot
        for _ in range(5):
            arena.record.request(program_name, version=1, success=True)
        arena.flush()
        status = arena.status()
        assert (status.sent_telemetry, status.dropped_telemetry, status.buffered_telemetry) == (0, 5, 0)
    assert any("HTTP 403" in e.message for e in errors)
