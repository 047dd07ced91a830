"""The client against the real Arena server: first load, live alias moves over the
stream and over ETag polling, never raising, bootstrap, offline, close."""

import json
import threading

from arena import Client, ExposureOptions, assign
from support.server import wait_for


def test_resolves_locally_and_follows_moves_over_the_stream(server, sdk_token, program_name):
    server.program(program_name)
    errors = []
    with Client(server.url, sdk_token, on_error=errors.append) as arena:
        assert arena.ready(20.0)
        first = arena.resolve(program_name, "user-42")
        assert (first.alias, first.version, first.artifact_uri, first.reason, first.error_code) == (
            "champion",
            1,
            f"s3://models/{program_name}/1",
            "default",
            None,
        )
        wait_for(lambda: arena.status().mode == "stream", "the stream to open")
        server.move(program_name, "champion", 2)
        wait_for(lambda: arena.resolve(program_name, "user-42").version == 2, "the SDK to see v2")
        server.api("POST", f"/v1/programs/{program_name}/aliases/champion/rollback", {"reason": "test rollback"})
        wait_for(lambda: arena.resolve(program_name, "user-42").version == 1, "the SDK to see the rollback")
        status = arena.status()
        assert status.connected and status.source == "live" and status.revision is not None
    assert errors == []


def test_polls_with_etags_when_the_stream_is_off(server, sdk_token, program_name):
    server.program(program_name)
    with Client(server.url, sdk_token, stream=False, poll_interval=0.1, exposures=False, telemetry=False) as arena:
        assert arena.ready(20.0)
        wait_for(lambda: arena.status().mode == "poll", "a poll to reach the server")
        revision = arena.status().revision
        server.move(program_name, "champion", 2)
        wait_for(lambda: arena.resolve(program_name, "u").version == 2, "the poller to see v2")
        assert arena.status().revision > revision


def test_the_server_answers_304_to_the_etag_the_sdk_sends(server, sdk_token, program_name):
    from arena.options import etag as _etag
    from arena.net import Endpoint, send

    server.program(program_name)
    endpoint = Endpoint.parse(server.url, sdk_token, 10.0)
    first = send(endpoint, "GET", "/v1/sdk/snapshot")
    assert first.status == 200
    revision = json.loads(first.body)["revision"]
    assert first.headers["etag"] == _etag(revision)
    assert send(endpoint, "GET", "/v1/sdk/snapshot", None, {"If-None-Match": _etag(revision)}).status == 304


def test_on_change_is_called_once_per_move_with_previous(server, sdk_token, program_name):
    server.program(program_name, versions=3)
    seen = []
    with Client(server.url, sdk_token, exposures=False, telemetry=False) as arena:
        assert arena.ready(20.0)
        arena.on_change(
            program_name,
            "champion",
            lambda nxt, prev: seen.append((nxt.version, prev and prev.version)),
            immediate=True,
        )
        assert seen == [(1, None)]
        server.move(program_name, "champion", 2)
        wait_for(lambda: len(seen) == 2, "the first move")
        server.move(program_name, "champion", 3)
        wait_for(lambda: len(seen) == 3, "the second move")
        assert seen == [(1, None), (2, 1), (3, 2)]


def test_a_failing_callback_is_reported_and_does_not_stop_updates(server, sdk_token, program_name):
    server.program(program_name)
    errors = []
    with Client(server.url, sdk_token, exposures=False, telemetry=False, on_error=errors.append) as arena:
        assert arena.ready(20.0)

        def broken(nxt, prev):
            raise RuntimeError("callback bug")

        arena.on_change(program_name, "champion", broken)
        server.move(program_name, "champion", 2)
        wait_for(lambda: arena.resolve(program_name, "u").version == 2, "the move")
        wait_for(
            lambda: any(e.source == "callback" and "callback bug" in e.message for e in errors), "the callback error"
        )


def test_never_raises_and_names_the_problem(server, sdk_token, program_name):
    server.program(program_name)
    with Client(server.url, sdk_token, exposures=False, telemetry=False) as arena:
        assert arena.ready(20.0)
        assert arena.resolve("no-such-program", "u")[-2:] == ("error", "PROGRAM_NOT_FOUND")
        bad = arena.resolve(program_name, 42)
        assert (bad.alias, bad.version, bad.reason, bad.error_code) == ("champion", 1, "error", "INVALID_UNIT_ID")
        assert arena.resolve(program_name, None).error_code == "INVALID_UNIT_ID"
        assert arena.resolve(["not", "hashable"], "u").error_code == "INTERNAL"
        assert arena.resolve(program_name, "\ud800 lone surrogate").version == 1


def test_no_snapshot_when_the_server_is_unreachable():
    from support.server import free_port

    errors = []
    arena = Client(
        f"http://127.0.0.1:{free_port()}",
        "t",
        reconnect_base=0.05,
        reconnect_max=0.1,
        poll_interval=0.05,
        on_error=errors.append,
    )
    try:
        assert arena.ready(0.3) is False
        answer = arena.resolve("fraud-detector", "u")
        assert (answer.alias, answer.version, answer.reason, answer.error_code) == (
            "champion",
            None,
            "error",
            "NO_SNAPSHOT",
        )
        wait_for(lambda: {e.source for e in errors} >= {"poll", "stream"}, "poll and stream failures")
        assert arena.status().mode == "offline"
    finally:
        arena.close()


def test_serves_a_bootstrap_until_the_first_live_snapshot(server, sdk_token, program_name, tmp_path):
    server.program(program_name)
    bootstrap = {
        "revision": 10**9,
        "generatedAt": "2026-01-01T00:00:00Z",
        "programs": {
            program_name: {
                "name": program_name,
                "aliases": {"champion": {"version": 7, "artifactUri": "file://boot", "config": None}},
                "traffic": {"hashVersion": 1, "seed": "s", "slots": 1, "arms": [], "shadow": [], "overrides": {}},
            }
        },
    }
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(bootstrap))
    offline = Client("http://127.0.0.1:9", "t", bootstrap_file=str(path), stream=False, poll_interval=60)
    try:
        assert offline.ready(0) is True
        assert offline.resolve(program_name, "u").version == 7
        assert offline.status().source == "bootstrap"
    finally:
        offline.close()
    with Client(server.url, sdk_token, bootstrap=bootstrap, exposures=False, telemetry=False) as live:
        # The live snapshot replaces the bootstrap whatever its revision.
        wait_for(lambda: live.status().source == "live", "the live snapshot")
        assert live.resolve(program_name, "u").version == 1


def test_a_bad_bootstrap_is_reported_not_raised(tmp_path):
    errors = []
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    arena = Client(
        "http://127.0.0.1:9", "t", bootstrap_file=str(path), stream=False, poll_interval=60, on_error=errors.append
    )
    try:
        assert arena.ready(0) is False
        assert errors and errors[0].source == "bootstrap"
        Client(
            "http://127.0.0.1:9",
            "t",
            bootstrap={"revision": "x", "programs": {}},
            stream=False,
            poll_interval=60,
            on_error=errors.append,
        ).close()
        assert any("revision is not a number" in e.message for e in errors)
    finally:
        arena.close()


def test_a_wrong_token_is_reported_and_serves_nothing(server):
    errors = []
    with Client(server.url, "arena_wrong", on_error=errors.append, reconnect_base=0.05) as arena:
        assert arena.ready(0.5) is False
        wait_for(lambda: any("HTTP 401" in e.message for e in errors), "the 401 report")


def test_reconnects_after_a_server_restart():
    from support.server import ArenaServer, free_port

    own = ArenaServer(port=free_port()).start()
    try:
        own.program("restart")
        token = own.sdk_token()
        with Client(own.url, token, reconnect_base=0.05, reconnect_max=0.5, exposures=False, telemetry=False) as arena:
            assert arena.ready(20.0)
            wait_for(lambda: arena.status().mode == "stream", "the stream")
            own.stop()
            wait_for(lambda: arena.status().mode != "stream", "the SDK to notice")
            assert arena.resolve("restart", "u").version == 1  # the last good snapshot keeps serving
            own.start()
            own.move("restart", "champion", 2)
            wait_for(lambda: arena.resolve("restart", "u").version == 2, "the SDK to reconnect and see v2")
            wait_for(lambda: arena.status().mode == "stream", "the stream to reopen")
    finally:
        own.remove()


def test_close_is_idempotent_and_ends_the_stream(server, sdk_token, program_name):
    server.program(program_name)
    arena = Client(server.url, sdk_token)
    assert arena.ready(20.0)
    arena.close()
    arena.close()
    assert arena.status().connected is False
    # close() shuts the stream's socket down: its thread ends without waiting for the next ping.
    wait_for(lambda: not arena._stream._thread.is_alive(), "the stream thread to end")


def test_resolve_is_safe_from_many_threads_during_moves(server, sdk_token, program_name):
    server.program(program_name)
    with Client(server.url, sdk_token, exposures=ExposureOptions(max_buffer=1_000_000)) as arena:
        assert arena.ready(20.0)
        stop = threading.Event()
        bad = []

        def serve(worker):
            i = 0
            while not stop.is_set():
                r = arena.resolve(program_name, f"w{worker}-{i}")
                if r.version not in (1, 2) or r.error_code is not None:
                    bad.append(r)
                i += 1

        threads = [threading.Thread(target=serve, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for version in (2, 1, 2):
            server.move(program_name, "champion", version)
            wait_for(lambda: arena.resolve(program_name, "probe").version == version, f"v{version}")
        stop.set()
        for t in threads:
            t.join()
        assert bad == []


def test_a_silent_stream_is_dropped_after_the_idle_timeout_and_reopened(server, sdk_token, program_name):
    server.program(program_name)
    errors = []
    # The server pings every 15 s; an idle timeout of 0.3 s makes every connection look dead.
    with Client(
        server.url,
        sdk_token,
        stream_idle_timeout=0.3,
        poll_interval=60,
        exposures=False,
        telemetry=False,
        on_error=errors.append,
    ) as arena:
        assert arena.ready(20.0)
        wait_for(lambda: any("no data for 0.3 s" in e.message for e in errors), "an idle timeout")
        server.move(program_name, "champion", 2)
        wait_for(lambda: arena.resolve(program_name, "u").version == 2, "the move after reconnecting")


def test_a_live_split_ramps_monotonically_through_the_stream(server, sdk_token, program_name):
    server.program(program_name)
    server.move(program_name, "challenger", 2)
    units = [f"user-{i}" for i in range(5_000)]

    def set_traffic(weight):
        body = {
            "slots": 4,
            "arms": [{"alias": "challenger", "slot": 3, "weight": weight}],
            "overrides": {"vip": "challenger"},
            "reason": f"canary {weight}",
        }
        return server.api("PUT", f"/v1/programs/{program_name}/traffic", body)

    with Client(server.url, sdk_token, exposures=False, telemetry=False) as arena:
        assert arena.ready(20.0)
        stored = set_traffic(0.1)
        wait_for(lambda: arena.resolve(program_name, "vip").reason == "override", "the 10 % plan")
        at_10 = {u: arena.resolve(program_name, u).alias for u in units}
        # The SDK's answer is the pure assignment of the plan the server stored.
        assert at_10 == {u: assign(stored, u).alias for u in units}
        assert 400 < sum(a == "challenger" for a in at_10.values()) < 600
        before = arena.status().revision
        set_traffic(0.25)
        wait_for(lambda: arena.status().revision > before, "the 25 % plan")
        at_25 = {u: arena.resolve(program_name, u).alias for u in units}
        moved = {u for u in units if at_10[u] != at_25[u]}
        assert moved and all(at_10[u] == "champion" and at_25[u] == "challenger" for u in moved)
        assert arena.resolve(program_name, "vip")[1:3] == ("challenger", 2)
