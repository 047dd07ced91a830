"""What a bad snapshot, plan or input can do: never an exception, always the champion
with a reason and an error code, and one broken program never hides the others."""

import threading

from arena import Client
from arena.compiled import CompiledSnapshot, resolve_in
from arena.sse import SseParser

ALIASES = {
    "champion": {"version": 1, "artifactUri": "s3://1", "config": {"t": 0.5}},
    "challenger": {"version": 2, "artifactUri": None, "config": None},
}


def plan(**changes):
    base = {
        "hashVersion": 1,
        "seed": "s",
        "slots": 2,
        "arms": [{"alias": "challenger", "slot": 1, "weight": 0.5}],
        "shadow": [],
        "overrides": {},
    }
    base.update(changes)
    return base


def snapshot(**programs):
    return {
        "revision": 3,
        "generatedAt": "2026-12-01T00:00:00Z",
        "programs": {name: {"name": name, "aliases": ALIASES, "traffic": p} for name, p in programs.items()},
    }


def answer(snap, program, unit="u"):
    r = resolve_in(CompiledSnapshot(snap), program, unit)
    return r.alias, r.version, r.reason, r.error_code


def test_a_broken_plan_serves_the_champion_with_its_code_and_spares_the_others():
    snap = snapshot(
        good=plan(),
        future=plan(hashVersion=2),
        no_version=plan(hashVersion="1"),
        bool_slots=plan(slots=True),  # JSON true is not a number for the JavaScript SDK either
        too_wide=plan(arms=[{"alias": "challenger", "slot": 1, "weight": 0.51}]),
        nan_weight=plan(arms=[{"alias": "challenger", "slot": 1, "weight": float("nan")}]),
        champion_arm=plan(arms=[{"alias": "champion", "slot": 1, "weight": 0.1}]),
        bad_override=plan(overrides={"u": 7}),
        not_a_plan="nonsense",
    )
    snap["programs"]["no_traffic"] = {"name": "no_traffic", "aliases": ALIASES}
    snap["programs"]["no_aliases"] = {"name": "no_aliases", "traffic": plan()}
    snap["programs"]["bad_alias"] = {
        "name": "bad_alias",
        "aliases": {"champion": {"version": "1"}, "challenger": ALIASES["challenger"]},
        "traffic": plan(),
    }
    assert answer(snap, "good", "user-1")[3] is None
    assert answer(snap, "future") == ("champion", 1, "error", "UNSUPPORTED_HASH_VERSION")
    for name in (
        "no_version",
        "bool_slots",
        "too_wide",
        "nan_weight",
        "champion_arm",
        "bad_override",
        "not_a_plan",
        "no_traffic",
    ):
        assert answer(snap, name) == ("champion", 1, "error", "INVALID_PLAN"), name
    assert answer(snap, "no_aliases") == ("champion", None, "error", "ALIAS_MISSING")
    # The champion entry is malformed: units the split sends to the champion get no version, the challenger still serves.
    served = {answer(snap, "bad_alias", f"u{i}") for i in range(50)}
    assert ("challenger", 2, "split", None) in served and ("champion", None, "error", "ALIAS_MISSING") in served


def test_answers_are_shared_immutable_tuples():
    compiled = CompiledSnapshot(snapshot(good=plan()))
    a, b = resolve_in(compiled, "good", "x"), resolve_in(compiled, "good", "x")
    assert a is b
    try:
        a.version = 9  # type: ignore[misc]
        raise AssertionError("a Resolution must be immutable")
    except AttributeError:
        pass


def test_an_older_or_malformed_snapshot_never_replaces_the_live_one():
    errors = []
    arena = Client(
        "http://127.0.0.1:9",
        "t",
        stream=False,
        poll_interval=3600,
        exposures=False,
        telemetry=False,
        on_error=errors.append,
    )
    try:
        arena._apply(snapshot(good=plan()), "live")
        older = snapshot(good=plan(arms=[]))
        older["revision"] = 2
        arena._apply(older, "live")
        arena._apply({"revision": 4, "programs": []}, "live")
        arena._apply("not json", "live")
        assert arena.status().revision == 3
        assert sum(e.source == "snapshot" for e in errors) == 2
    finally:
        arena.close()


def test_the_sse_parser_handles_any_chunking_and_line_ends():
    text = '\ufeff: ping\r\nevent: snapshot\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\n: ping\n\nevent: other\ndata: x\n\ndata: plain\r\r'
    expected = [("snapshot", '{"a":\n1}', "7"), ("other", "x", "7"), ("message", "plain", "7")]
    for size in (1, 2, 3, 5, 8, len(text)):
        events = []
        parser = SseParser(lambda e: events.append(tuple(e)))
        for i in range(0, len(text), size):
            parser.push(text[i : i + size])
        assert events == expected, size


def test_the_recorder_counts_exactly_under_threads():
    arena = Client(
        "http://127.0.0.1:9", "t", bootstrap=snapshot(good=plan()), stream=False, poll_interval=3600, exposures=False
    )
    try:

        def work():
            for i in range(5000):
                arena.record.request("good", version=1, success=i % 7 != 0, latency_ms=float(i % 300))
                arena.record.event("good", version=1, name="click")

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert arena.status().buffered_telemetry == 40_000
        # The work may straddle a window boundary on a loaded machine: count over every window.
        windows = arena._recorder._windows.take_all()
        totals = (
            sum(w.requests for w in windows),
            sum(w.errors for w in windows),
            sum(w.latency.sketch.count for w in windows),
            sum(w.events["click"].n for w in windows if "click" in w.events),
        )
        assert totals == (
            20_000,
            4 * 715,
            20_000,
            20_000,
        )
    finally:
        arena._recorder.abandon(None)
        arena.close()
