"""The runtime guard's matching agrees with the static guard's on the shared cases (policy_cases.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyterlab_dual_layout.guard.paths import normalise_path
from jupyterlab_dual_layout.guard.policy import GuardPolicy, PolicyError
from jupyterlab_dual_layout.guard.procedures import procedure_calls, qualified

CASES = json.loads((Path(__file__).with_name("policy_cases.json")).read_text())
POLICY = GuardPolicy(CASES["policy"])


@pytest.mark.parametrize(
    "case", CASES["normalise"], ids=lambda c: f"{c['raw']!r}@{c.get('cwd')}"
)
def test_normalise_path(case):
    path = normalise_path(case["raw"], case.get("cwd"))
    expected = case["expected"]
    if expected is None:
        assert path is None
    else:
        assert (path.scheme, list(path.segments)) == (
            expected["scheme"],
            expected["segments"],
        )


@pytest.mark.parametrize(
    "case",
    CASES["match"],
    ids=lambda c: f"{c['target']}:{c['effect']}@{c.get('cwd')}",
)
def test_match_path(case):
    assert (
        POLICY.match_path(case["target"], case["effect"], case.get("cwd"))
        == case["tables"]
    )


@pytest.mark.parametrize("case", CASES["tables"], ids=lambda c: ".".join(c["parts"]))
def test_match_table(case):
    found = POLICY.match_table(case["parts"])
    assert ([] if found is None else [found]) == case["tables"]


@pytest.mark.parametrize("case", CASES["procedures"], ids=lambda c: c["sql"][:60])
def test_procedure_calls(case):
    found = []
    for call in procedure_calls(case["sql"]):
        table = POLICY.match_table(
            qualified(call, case["currentCatalog"], POLICY.catalogs)
        )
        if table is not None:
            found.append([call.operation, table])
    assert found == case["writes"]


def test_a_symlinked_protected_folder_is_protected_at_its_real_place_too(tmp_path):
    real = tmp_path / "real" / "tbl"
    real.mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    policy = GuardPolicy(
        {
            "protected": [
                {"table": "c.n.tbl", "location": str(tmp_path / "link" / "tbl")}
            ]
        },
        also=lambda path: normalise_path(str(Path("/", *path.segments).resolve())),
    )
    assert policy.match_path(str(real / "data" / "f.parquet")) == ["c.n.tbl"]
    assert policy.match_path(str(tmp_path / "link" / "tbl" / "x")) == ["c.n.tbl"]
    assert policy.match_path(str(tmp_path / "real" / "other")) == []


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"protected": [{"location": "/x"}]}, "needs a table name"),
        ({"protectedPaths": "/x"}, "protectedPaths must be a list"),
        ({"allowedPaths": [1]}, "allowedPaths must be a list of strings"),
        ({"mode": "loud"}, "mode must be one of off, warn, block, not 'loud'"),
    ],
)
def test_a_malformed_policy_is_refused_with_the_reason(policy, message):
    with pytest.raises(PolicyError) as caught:
        GuardPolicy(policy)
    assert message in str(caught.value)


def test_the_mode_defaults_to_warn_and_json_errors_are_policy_errors():
    assert GuardPolicy({}).mode == "warn"
    assert GuardPolicy.from_json('{"mode": "block"}').mode == "block"
    with pytest.raises(PolicyError, match="not JSON"):
        GuardPolicy.from_json("{")
    with pytest.raises(PolicyError, match="a JSON object"):
        GuardPolicy.from_json("[]")
