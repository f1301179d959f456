"""Namespace walks terminate: a REST catalog whose namespaces list themselves, cycle or never end.

The catalog server is a test-only Iceberg REST server on 127.0.0.1 (``http.server``), serving
real tables that pyiceberg wrote into a SQL catalog; only its namespace listings are hostile:

- ``loop`` lists itself (and ``loop.inner``, which lists ``loop`` again);
- ``a`` and ``b`` list each other, and ``a.x`` lists ``a``;
- ``gen`` invents a deeper child at every level, for ever.

``dual-layout list``, ``check``, ``scan --catalog`` and the API's namespace and table listings
must all come back within seconds, with every real table and the skipped entries named.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog

from tests.fixtures.scripted_rest import CatalogScript, scripted_rest_catalog

#: Every real table, by namespace.
TABLES = {
    ("sci",): ["obs"],
    ("sci", "deep"): ["stations"],
    ("loop",): ["t"],
    ("loop", "inner"): ["u"],
    ("a",): ["ta"],
    ("a", "x"): ["tx"],
    ("b",): ["tb"],
    ("gen",): ["tg"],
}
CHILDREN = {
    (): [["sci"], ["loop"], ["a"], ["b"], ["gen"]],
    ("sci",): [["sci", "deep"]],
    ("loop",): [["loop"], ["loop", "inner"]],
    ("loop", "inner"): [["loop"]],
    ("a",): [["b"], ["a", "x"]],
    ("a", "x"): [["a"]],
    ("b",): [["a"]],
}
ALL_TABLES = sorted(
    f"loopy.{'.'.join(ns)}.{name}" for ns, names in TABLES.items() for name in names
)
#: Generous for two shared cores; a walk that does not end would take for ever.
WITHIN_SECONDS = 30
DEPTH_BOUND = 32


def children_of(parent: tuple[str, ...]) -> list[list[str]]:
    if parent and parent[0] == "gen":
        return [[*parent, "more"]]
    return CHILDREN.get(parent, [])


@dataclass(frozen=True)
class HostileRestCatalog:
    home: Path
    #: Where each table lives, to aim a write at one.
    locations: dict[str, str]


@pytest.fixture(scope="module")
def hostile_rest(tmp_path_factory) -> Iterator[HostileRestCatalog]:
    root = tmp_path_factory.mktemp("hostile-rest")
    warehouse = root / "warehouse"
    warehouse.mkdir()
    writer = SqlCatalog(
        "writer", uri=f"sqlite:///{root}/writer.db", warehouse=f"file://{warehouse}"
    )
    schema = pa.schema([("obs_id", pa.int64()), ("value", pa.float64())])
    tables: dict[tuple[tuple[str, ...], str], str] = {}
    locations: dict[str, str] = {}
    for namespace in TABLES:
        writer.create_namespace(namespace)
    for namespace, names in TABLES.items():
        for name in names:
            table = writer.create_table((*namespace, name), schema=schema)
            table.append(
                pa.table({"obs_id": pa.array([1, 2], pa.int64()), "value": [0.5, 1.5]})
            )
            tables[(namespace, name)] = table.metadata_location
            locations[f"loopy.{'.'.join(namespace)}.{name}"] = table.metadata.location
    with scripted_rest_catalog(CatalogScript(children_of, tables)) as uri:
        home = root / "home"
        home.mkdir()
        # No warehouse: reads are confined to the table locations the server's answers vouch for.
        (home / ".pyiceberg.yaml").write_text(
            json.dumps({"catalog": {"loopy": {"type": "rest", "uri": uri}}})
        )
        yield HostileRestCatalog(home, locations)


def run_cli(helper_cli, hostile_rest, *args):
    started = time.monotonic()
    result = helper_cli.run(
        *args, env={"PYICEBERG_HOME": str(hostile_rest.home)}, timeout=WITHIN_SECONDS
    )
    return result, time.monotonic() - started


EXPECTED_SKIPS = [
    {
        "catalog": "loopy",
        "namespace": ["a"],
        "parent": ["a", "x"],
        "reason": "not below the namespace that lists it (a cycle?)",
    },
    {
        "catalog": "loopy",
        "namespace": ["a"],
        "parent": ["b"],
        "reason": "not below the namespace that lists it (a cycle?)",
    },
    {
        "catalog": "loopy",
        "namespace": ["b"],
        "parent": ["a"],
        "reason": "not below the namespace that lists it (a cycle?)",
    },
    {
        "catalog": "loopy",
        "namespace": ["gen", *["more"] * DEPTH_BOUND],
        "parent": ["gen", *["more"] * (DEPTH_BOUND - 1)],
        "reason": f"the walk stops at {DEPTH_BOUND} levels deep",
    },
    {
        "catalog": "loopy",
        "namespace": ["loop"],
        "parent": ["loop"],
        "reason": "the namespace lists itself as its own child",
    },
    {
        "catalog": "loopy",
        "namespace": ["loop"],
        "parent": ["loop", "inner"],
        "reason": "not below the namespace that lists it (a cycle?)",
    },
]


def by_parent(skips):
    return sorted(skips, key=lambda s: (s["namespace"], s["parent"] or []))


def test_list_ends_with_every_real_table_and_names_what_it_skipped(
    helper_cli, hostile_rest
):
    result, seconds = run_cli(helper_cli, hostile_rest, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = result.json()
    assert sorted(t["table"] for t in listed["tables"]) == ALL_TABLES
    assert len(listed["tables"]) == len(ALL_TABLES)
    assert listed["errors"] == []
    assert by_parent(listed["skipped"]) == by_parent(EXPECTED_SKIPS)
    assert (
        "dual-layout list: warning: catalog 'loopy': skipped namespace 'loop' listed under 'loop': the namespace lists itself as its own child\n"
        in result.stderr
    )
    assert seconds < WITHIN_SECONDS


def test_check_ends_with_every_real_table_checked(helper_cli, hostile_rest):
    result, seconds = run_cli(
        helper_cli, hostile_rest, "check", "--catalog", "loopy", "--format", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    verdicts = result.json()["tables"]
    assert [v["table"] for v in verdicts] == ALL_TABLES
    assert {v["status"] for v in verdicts} == {"consistent"}
    assert result.stderr.count("warning: catalog 'loopy': skipped namespace") == len(
        EXPECTED_SKIPS
    )
    assert seconds < WITHIN_SECONDS


def test_scan_with_the_catalog_ends_and_protects_a_table_below_a_cycle(
    helper_cli, hostile_rest, tmp_path
):
    target = hostile_rest.locations["loopy.a.x.tx"]
    cell = tmp_path / "write.py"
    cell.write_text(
        f'import pandas as pd\npd.DataFrame({{"obs_id": [3]}}).to_parquet("{target}/data/extra.parquet")\n'
    )
    result, seconds = run_cli(
        helper_cli,
        hostile_rest,
        "scan",
        "--catalog",
        "loopy",
        "--format",
        "json",
        str(cell),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    [finding] = result.json()["findings"]
    assert finding["table"] == "loopy.a.x.tx"
    assert finding["line"] == 2
    assert result.stderr.count(
        "dual-layout scan: warning: catalog 'loopy': skipped namespace"
    ) == len(EXPECTED_SKIPS)
    assert seconds < WITHIN_SECONDS


def test_the_api_lists_only_real_children_and_every_table(start_helper, hostile_rest):
    helper = start_helper(hostile_rest.home)
    started = time.monotonic()
    top = helper.get("catalogs/loopy/namespaces")
    assert top.status_code == 200
    assert top.json() == {
        "namespaces": [["sci"], ["loop"], ["a"], ["b"], ["gen"]],
        "skipped": [],
    }
    loop = helper.get("catalogs/loopy/namespaces", params={"parent": "loop"})
    assert loop.status_code == 200
    assert loop.json() == {
        "namespaces": [["loop", "inner"]],
        "skipped": [
            {
                "namespace": ["loop"],
                "reason": "the namespace lists itself as its own child",
            }
        ],
    }
    cycle = helper.get("catalogs/loopy/namespaces", params={"parent": "b"})
    assert cycle.json() == {
        "namespaces": [],
        "skipped": [
            {
                "namespace": ["a"],
                "reason": "not below the namespace that lists it (a cycle?)",
            }
        ],
    }
    tables = helper.get("catalogs/loopy/tables")
    assert tables.status_code == 200
    assert [t["id"] for t in tables.json()["tables"]] == ALL_TABLES
    below_loop = helper.get("catalogs/loopy/tables", params={"namespace": "loop"})
    assert [t["id"] for t in below_loop.json()["tables"]] == [
        "loopy.loop.inner.u",
        "loopy.loop.t",
    ]
    assert time.monotonic() - started < WITHIN_SECONDS
