"""The Python SDK reproduces every case of conformance/assignment-cases.json exactly,
both through the pure assignment and through the client's compiled resolve path."""

import json
from pathlib import Path

import pytest

from arena.assignment import assign
from arena.compiled import CompiledProgram
from arena.hashing import bucket_of, secondary_draw
from arena.plan import CURRENT_HASH_VERSION, arm_range, check_plan, compile_plan, plan_problems

CASES = json.loads((Path(__file__).resolve().parents[3] / "conformance" / "assignment-cases.json").read_text("utf-8"))


def alias_for_bucket(plan, bucket):
    for start, end, alias in compile_plan(plan).ranges:
        if start <= bucket < end:
            return alias
    return "champion"


def program_with(plan):
    """The client's compiled form of a program whose every alias exists."""
    aliases = (
        {"champion"}
        | {a["alias"] for a in plan["arms"]}
        | {t["alias"] for t in plan["shadow"]}
        | set(plan["overrides"].values())
    )
    targets = {
        alias: {"version": i + 1, "artifactUri": f"s3://{alias}", "config": None}
        for i, alias in enumerate(sorted(aliases))
    }
    return CompiledProgram("p", {"aliases": targets, "traffic": plan})


def test_targets_the_current_hash_version():
    assert CASES["hashVersion"] == CURRENT_HASH_VERSION


def test_hashes_every_seed_and_unit_id():
    assert len(CASES["hash"]) > 50
    for case in CASES["hash"]:
        assert bucket_of(case["seed"], case["unitId"]) == case["bucket"], case


def test_secondary_draws():
    for case in CASES["secondaryDraw"]:
        assert secondary_draw(case["bucket"]) == case["draw"]


def test_arm_ranges():
    for case in CASES["armRanges"]:
        assert list(arm_range(case["slots"], case["slot"], case["weight"])) == case["range"], case


def test_bucket_lookup_at_every_boundary():
    for group in CASES["bucketLookup"]:
        assert plan_problems(group["plan"]) == []
        for case in group["cases"]:
            assert alias_for_bucket(group["plan"], case["bucket"]) == case["alias"], case


@pytest.mark.parametrize("group", CASES["assignments"], ids=lambda g: g["name"])
def test_assignments(group):
    assert check_plan(group["plan"]) is group["plan"]
    program = program_with(group["plan"])
    for case in group["cases"]:
        got = assign(group["plan"], case["unitId"])
        assert {"unitId": case["unitId"], **got._asdict()} == case
        served = program.resolve(case["unitId"])
        assert (served.alias, [s.alias for s in served.shadow], served.reason) == (
            case["alias"],
            case["shadow"],
            case["reason"],
        ), case


@pytest.mark.parametrize("ramp", CASES["ramps"], ids=lambda r: r["name"])
def test_ramps(ramp):
    for step in ramp["steps"]:
        compiled = compile_plan(step["plan"])
        program = program_with(step["plan"])
        assert [assign(compiled, u).alias for u in ramp["unitIds"]] == step["aliases"]
        assert [program.resolve(u).alias for u in ramp["unitIds"]] == step["aliases"]


@pytest.mark.parametrize("share", CASES["shares"], ids=lambda s: s["name"])
def test_shares(share):
    program = program_with(share["plan"])
    counts = {}
    for i in range(share["sampleSize"]):
        alias = program.resolve(f"u-{i}").alias
        counts[alias] = counts.get(alias, 0) + 1
    assert counts == share["counts"]
