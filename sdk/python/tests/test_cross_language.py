"""TypeScript and Python assign 100,000 unit ids identically, through each SDK's own
resolve path, for several splits, overrides and shadows."""

import random

from arena.compiled import CompiledSnapshot, resolve_in
from support.node_peer import ask_node

UNITS = 100_000


def plan(seed, slots, arms=(), shadow=(), overrides=None):
    return {
        "hashVersion": 1,
        "seed": seed,
        "slots": slots,
        "arms": [{"alias": a, "slot": s, "weight": w} for a, s, w in arms],
        "shadow": [{"alias": a, "sample": p} for a, p in shadow],
        "overrides": dict(overrides or {}),
    }


def unit_ids():
    rng = random.Random(20261201)
    alphabet = "abcxyz-_019ÄßéЖ用户😀🚀\u0000\t"
    ids = [f"user-{i}" for i in range(UNITS // 2)]
    ids += [str(rng.getrandbits(64)) for _ in range(UNITS // 4)]
    while len(ids) < UNITS - 4:
        ids.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))))
    # Surrogates as a JavaScript string can hold them: a lone one, a reversed pair, a pair split in two code points.
    ids += ["\ud800", "x\udc00y", "\udc00\ud800", "\ud83d\ude00"]
    return ids


def snapshot(ids):
    aliases = {
        name: {"version": v, "artifactUri": f"s3://m/{v}", "config": None}
        for v, name in enumerate(["champion", "challenger", "challenger-2", "shadow-a", "shadow-b", "debug"], 1)
    }
    plans = {
        "canary-5": plan("canary-5", 20, [("challenger", 19, 0.05)]),
        "ab-50": plan("ab-50", 2, [("challenger", 1, 0.5)]),
        "three-way": plan("three-way", 10, [("challenger", 1, 0.1), ("challenger-2", 7, 0.0333)]),
        "tiny-canary": plan("tiny-canary", 64, [("challenger", 63, 0.01)]),
        "shadows": plan("shadows", 1, [], [("shadow-a", 0.3), ("shadow-b", 0.05)]),
        "split-and-shadow": plan("🚀 seed", 4, [("challenger", 0, 0.2)], [("shadow-a", 0.5)]),
        "overrides": plan(
            "overrides",
            2,
            [("challenger", 0, 0.25)],
            [("shadow-b", 1.0)],
            {ids[0]: "debug", ids[7]: "challenger", "toString": "debug", ids[-1]: "champion"},
        ),
    }
    return {
        "revision": 1,
        "generatedAt": "2026-12-01T00:00:00Z",
        "programs": {name: {"name": name, "aliases": aliases, "traffic": p} for name, p in plans.items()},
    }


def test_typescript_and_python_assign_100000_units_identically():
    ids = unit_ids()
    assert len(ids) == UNITS
    snap = snapshot(ids)
    typescript = ask_node({"kind": "resolve", "snapshot": snap, "unitIds": ids})
    compiled = CompiledSnapshot(snap)
    for program in snap["programs"]:
        python = []
        for unit in ids:
            r = resolve_in(compiled, program, unit)
            python.append(f"{r.alias}|{','.join(s.alias for s in r.shadow)}|{r.reason}")
        mismatches = [
            (ids[i], python[i], typescript[program][i]) for i in range(UNITS) if python[i] != typescript[program][i]
        ]
        assert mismatches == [], f"{program}: {len(mismatches)} of {UNITS} differ, first {mismatches[:3]}"
        # The plan is actually exercised: more than one answer occurs.
        assert len(set(python)) > 1, program


def random_plan(rng, i):
    slots = rng.choice([1, 2, 3, 7, 10, 20, 33, 64, rng.randint(1, 64)])
    arm_slots = rng.sample(range(slots), k=min(slots, rng.randint(0, 5)))
    arms = []
    for n, slot in enumerate(arm_slots):
        weight = rng.choice([0.0, 1 / slots, rng.uniform(0, 1 / slots), 1e-9, rng.uniform(0, 1 / slots) / 10])
        arms.append((f"challenger-{n}", slot, weight))
    shadow = [(f"shadow-{n}", rng.choice([0.0, 1.0, rng.random(), 0.001])) for n in range(rng.randint(0, 3))]
    return plan(f"seed-{i}-{rng.random()}", slots, arms, shadow)


def test_typescript_and_python_agree_on_random_plans():
    rng = random.Random(7)
    ids = [f"u{rng.getrandbits(40)}" for _ in range(2_000)]
    aliases = {
        a: {"version": n + 1, "artifactUri": None, "config": None}
        for n, a in enumerate(["champion"] + [f"challenger-{k}" for k in range(5)] + [f"shadow-{k}" for k in range(3)])
    }
    programs = {f"p{i}": {"name": f"p{i}", "aliases": aliases, "traffic": random_plan(rng, i)} for i in range(60)}
    snap = {"revision": 1, "generatedAt": "2026-12-01T00:00:00Z", "programs": programs}
    typescript = ask_node({"kind": "resolve", "snapshot": snap, "unitIds": ids})
    compiled = CompiledSnapshot(snap)
    for name in programs:
        python = [
            f"{r.alias}|{','.join(s.alias for s in r.shadow)}|{r.reason}"
            for r in (resolve_in(compiled, name, u) for u in ids)
        ]
        assert python == typescript[name], (name, programs[name]["traffic"])
