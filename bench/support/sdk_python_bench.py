"""The Python half of `npm run bench -- sdk-python` (bench/sdk-python.ts starts the server).

1. resolve calls/s in CPython against the bare limit measured in the same run: the same
   hash (FNV-1a + fmix32) and range lookup written inline in one loop, no SDK around it.
2. The telemetry recorder's cost per record.request call.
3. Alias-move propagation to N Python clients streaming from the server: the time from
   the move request to each client's on_change callback (after which resolve answers the new version).
Prints one JSON object as its last line.
"""
import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sdk" / "python" / "src"))

from arena import Client, ExposureOptions  # noqa: E402
from arena.hashing import seed_state  # noqa: E402
from arena.plan import compile_plan  # noqa: E402

ID_COUNT = 1 << 16
IDS = [f"user-{((i * 2654435761) & 0xFFFFFFFF):x}-{i}" for i in range(ID_COUNT)]
TRAFFIC = {"hashVersion": 1, "seed": "fraud-detector", "slots": 20, "arms": [{"alias": "challenger", "slot": 19, "weight": 0.05}, {"alias": "challenger-2", "slot": 18, "weight": 0.05}], "shadow": [], "overrides": {}}
SNAPSHOT = {
    "revision": 1, "generatedAt": "2026-12-01T00:00:00Z",
    "programs": {"fraud-detector": {"name": "fraud-detector", "traffic": TRAFFIC, "aliases": {a: {"version": v, "artifactUri": f"s3://m/{v}", "config": None} for a, v in (("champion", 47), ("challenger", 48), ("challenger-2", 49))}}},
}
ROUNDS = 9


def bare_loop(ids):
    """The limit: hash + range lookup inline in one loop (literal constants, locals only), nothing else."""
    compiled = compile_plan(TRAFFIC)
    seed = seed_state(TRAFFIC["seed"])
    ranges = [(s, e, v) for (s, e, _), v in zip(compiled.ranges, (48, 49))]
    acc = 0
    for unit in ids:
        h = seed
        for byte in unit.encode():
            h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
        h ^= h >> 16
        h = (h * 0x85EBCA6B) & 0xFFFFFFFF
        h ^= h >> 13
        h = (h * 0xC2B2AE35) & 0xFFFFFFFF
        h ^= h >> 16
        for start, end, version in ranges:
            if start <= h < end:
                acc += version
                break
        else:
            acc += 47
    return acc


def timed(fn, ids):
    # CPU time of this thread: the machine is shared, and time spent descheduled is nobody's cost.
    t0 = time.thread_time()
    fn(ids)
    return len(ids) / (time.thread_time() - t0)


def resolve_throughput(seconds):
    quiet = Client("http://127.0.0.1:9", "t", bootstrap=SNAPSHOT, stream=False, poll_interval=3600, exposures=False, telemetry=False)
    loud = Client("http://127.0.0.1:9", "t", bootstrap=SNAPSHOT, stream=False, poll_interval=3600, telemetry=False, exposures=ExposureOptions(max_buffer=ID_COUNT + 1, flush_interval=3600))

    def resolve_loop(client):
        def run(ids):
            resolve = client.resolve
            acc = 0
            for unit in ids:
                acc += resolve("fraud-detector", unit).version
            if client._exposures is not None:
                client._exposures.items.clear()  # shipping is not timed here (see the exposures row of sdk-resolve)
            return acc
        return run

    candidates = {"bare": bare_loop, "resolve": resolve_loop(quiet), "resolveWithExposures": resolve_loop(loud)}
    for fn in candidates.values():
        fn(IDS[:20_000])  # warm-up
    rates = {name: [] for name in candidates}
    order = list(candidates)
    deadline = time.monotonic() + seconds
    rounds = 0
    # Interleaved rounds, the order rotating, at least ROUNDS of them: load from other processes hits every candidate alike.
    while rounds < ROUNDS or time.monotonic() < deadline:
        for name in order:
            rates[name].append(timed(candidates[name], IDS))
        order = order[1:] + order[:1]
        rounds += 1
    quiet.close()
    loud.close()
    return {name: statistics.median(r) for name, r in rates.items()}


def recorder_cost(calls=200_000):
    client = Client("http://127.0.0.1:9", "t", bootstrap=SNAPSHOT, stream=False, poll_interval=3600, exposures=False)
    request = client.record.request
    latencies = [5 + (i * 7919 % 1000) * 0.3 for i in range(1000)]
    costs = []
    for _ in range(ROUNDS):
        t0 = time.thread_time()
        for i in range(calls):
            request("fraud-detector", version=47, success=True, latency_ms=latencies[i % 1000])
        elapsed = time.thread_time() - t0
        t0 = time.thread_time()
        for i in range(calls):
            latencies[i % 1000]
        empty = time.thread_time() - t0
        costs.append((elapsed - empty) / calls)
    best = statistics.median(costs)
    dropped = client.status().dropped_telemetry
    client._recorder.abandon(None)  # not shipped: this measures recording only
    client.close()
    return best * 1e9, dropped


def api(url, token, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
    return json.loads(text) if text else None


def propagation(url, admin, sdk_token, clients, moves):
    program = "fraud-detector"
    arenas = [Client(url, sdk_token, exposures=False, telemetry=False) for _ in range(clients)]
    for a in arenas:
        a.ready(30)
    deadline = time.monotonic() + 60
    while any(a.status().mode != "stream" for a in arenas) and time.monotonic() < deadline:
        time.sleep(0.05)
    delays, worst = [], []
    current = 1
    for m in range(moves):
        nxt = 2 if current == 1 else 1
        seen = []
        lock = threading.Lock()
        done = threading.Event()
        t0 = [0.0]

        def make(client):
            def callback(target, _previous):
                if target.version != nxt:
                    return
                if client.resolve(program, "user-1").version != nxt:
                    raise RuntimeError("resolve lags on_change")
                with lock:
                    seen.append(time.perf_counter() - t0[0])
                    if len(seen) == clients:
                        done.set()
            return callback

        unsubscribes = [a.on_change(program, "champion", make(a)) for a in arenas]
        t0[0] = time.perf_counter()
        api(url, admin, "PUT", f"/v1/programs/{program}/aliases/champion", {"version": nxt, "reason": f"bench move {m}"})
        if not done.wait(60):
            raise RuntimeError(f"move {m}: only {len(seen)}/{clients} clients saw it")
        for u in unsubscribes:
            u()
        delays += [d * 1000 for d in seen]
        worst.append(max(seen) * 1000)
        current = nxt
        time.sleep(0.1)
    for a in arenas:
        a.close()
    rtt = []
    for _ in range(200):
        t0 = time.perf_counter()
        urllib.request.urlopen(url + "/healthz", timeout=10).read()
        rtt.append((time.perf_counter() - t0) * 1000)
    return delays, worst, rtt


def quantile(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * (len(s) - 1) + 0.5))]


def main():
    url, admin, sdk_token = os.environ["ARENA_URL"], os.environ["ARENA_ADMIN_TOKEN"], os.environ["ARENA_TOKEN"]
    seconds = float(os.environ.get("BENCH_SECONDS", "6"))
    clients = int(os.environ.get("BENCH_CLIENTS", "50"))
    moves = int(os.environ.get("BENCH_MOVES", "20"))
    rates = resolve_throughput(seconds)
    print(f"resolve: {rates['resolve']:,.0f}/s, with exposures {rates['resolveWithExposures']:,.0f}/s, bare hash + range loop {rates['bare']:,.0f}/s", file=sys.stderr)
    record_ns, dropped = recorder_cost()
    print(f"record.request: {record_ns:,.0f} ns per call ({dropped} dropped)", file=sys.stderr)
    delays, worst, rtt = propagation(url, admin, sdk_token, clients, moves)
    print(f"propagation: {clients} clients x {moves} moves, p50 {quantile(delays, 0.5):.1f} ms, p99 {quantile(delays, 0.99):.1f} ms, max {max(delays):.1f} ms", file=sys.stderr)
    print(json.dumps({
        "resolvePerSec": rates["resolve"], "resolveWithExposuresPerSec": rates["resolveWithExposures"], "barePerSec": rates["bare"],
        "recordRequestNs": record_ns, "recordDropped": dropped,
        "propagationP50Ms": quantile(delays, 0.5), "propagationP99Ms": quantile(delays, 0.99), "propagationMaxMs": max(delays), "worstMoveMs": max(worst),
        "httpRoundTripP99Ms": quantile(rtt, 0.99), "clients": clients, "moves": moves, "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
