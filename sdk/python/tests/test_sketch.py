"""The Python sketch is bin for bin the server's DDSketch (@datadog/sketches-js,
LogarithmicMapping, 1 %): same key for every value, same exported data, and the
server's merge of Python sketches equals one DDSketch of all the values."""

import math
import random

from arena.sketch import MAX_BINS, QuantileSketch, sketch_key, sketch_value
from support.node_peer import ask_node


def values(seed, n):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.4:
            out.append(math.exp(rng.uniform(math.log(1e-3), math.log(1e6))))  # log-uniform magnitudes
        elif kind < 0.6:
            out.append(rng.lognormvariate(4, 1.2))  # latency-like heavy tail
        elif kind < 0.75:
            out.append(rng.randint(0, 5000) / 10)
        elif kind < 0.85:
            out.append(-rng.expovariate(0.1))
        elif kind < 0.9:
            out.append(0.0)
        else:
            out.append(sketch_value(rng.randint(-2000, 2000)) * rng.choice([1, 1 + 1e-15, 1 - 1e-15]))  # bin edges
    return out


def test_same_keys_data_and_merge_as_the_servers_ddsketch():
    mine = values(1, 20_000)
    server_side = values(2, 3_000)
    whole = QuantileSketch()
    parts = [QuantileSketch() for _ in range(4)]
    for i, v in enumerate(mine):
        whole.accept(v)
        parts[i % 4].accept(v)
    node = ask_node(
        {"kind": "sketch", "values": mine, "serverValues": server_side, "sdkSketches": [p.export() for p in parts]}
    )
    keys = [sketch_key(v) if v > 0 else sketch_key(-v) if v < 0 else None for v in mine]
    differing = [(mine[i], keys[i], node["keys"][i]) for i in range(len(mine)) if keys[i] != node["keys"][i]]
    assert differing == []
    assert whole.export() == node["data"]
    # Python sketches merged by the server into its own: the same bins as one DDSketch of everything.
    assert node["merged"] == node["combined"]


def test_quantiles_are_within_one_percent():
    rng = random.Random(3)
    xs = sorted(rng.lognormvariate(3, 1) for _ in range(10_000))
    s = QuantileSketch()
    for x in xs:
        s.accept(x)
    for q in (0.5, 0.9, 0.95, 0.99):
        true = xs[math.floor(q * (len(xs) - 1))]
        assert abs(s.quantile(q) - true) / true <= 0.01
    assert math.isnan(QuantileSketch().quantile(0.5))


def test_memory_is_bounded_by_folding_the_lowest_keys():
    s = QuantileSketch()
    s.accept(sketch_value(-5000))
    s.accept(sketch_value(0))
    s.accept(sketch_value(MAX_BINS * 2))
    data = s.export()
    assert len(data["positive"]["counts"]) == MAX_BINS
    assert data["positive"]["offset"] == MAX_BINS * 2 - MAX_BINS + 1
    assert data["positive"]["counts"][0] == 2
    s.accept(sketch_value(-5000))  # far below the kept range: the lowest kept bin
    assert s.export()["positive"]["counts"][0] == 3 and s.count == 4
