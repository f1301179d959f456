"""Protection fails closed: tables whose metadata cannot be read stay protected where their catalog
says they live, in `GET policy` (through a real Jupyter Server) and in `dual-layout scan --catalog`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog

ADMIN_PROTECTED = "s3://lake/curated"
SCHEMA = pa.schema([("obs_id", pa.int64()), ("region", pa.string())])


def rows(start: int, count: int) -> pa.Table:
    return pa.table(
        {
            "obs_id": pa.array(range(start, start + count), pa.int64()),
            "region": [("EU", "US")[i % 2] for i in range(count)],
        }
    )


def table_folder(metadata_location: str) -> str:
    """`file:///…/t/metadata/00001-….metadata.json` → `file:///…/t`, the catalog's own word."""
    return metadata_location.rsplit("/metadata/", 1)[0]


def local(location: str) -> Path:
    return Path(location.removeprefix("file://"))


@pytest.fixture
def broken_lakehouse(tmp_path: Path) -> dict:
    """SQL catalog `lab`: `survey.good`, `survey.truncated` (metadata cut in half) and
    `survey.deleted` (metadata file removed); plus `dead`, a catalog whose database is not SQLite."""
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    catalog = SqlCatalog(
        "lab", uri=f"sqlite:///{tmp_path}/catalog.db", warehouse=f"file://{warehouse}"
    )
    catalog.create_namespace("survey")
    locations = {}
    for name in ("good", "truncated", "deleted"):
        table = catalog.create_table(f"survey.{name}", schema=SCHEMA)
        table.append(rows(0, 10))
        locations[name] = table.metadata.location
        locations[f"{name}.metadata"] = table.metadata_location
    truncated = local(locations["truncated.metadata"])
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    local(locations["deleted.metadata"]).unlink()
    (tmp_path / "dead.db").write_text("this is not a database")
    (tmp_path / ".pyiceberg.yaml").write_text(
        json.dumps(
            {
                "catalog": {
                    "lab": {
                        "uri": f"sqlite:///{tmp_path}/catalog.db",
                        "warehouse": f"file://{warehouse}",
                    },
                    "dead": {"uri": f"sqlite:///{tmp_path}/dead.db"},
                }
            }
        )
    )
    return {"home": tmp_path, **locations}


def notebook(path: Path, *cells: str) -> Path:
    path.write_text(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "source": source,
                        "outputs": [],
                        "execution_count": None,
                    }
                    for source in cells
                ],
            }
        )
    )
    return path


def scan_env(lakehouse: dict) -> dict[str, str]:
    return {
        "PYICEBERG_HOME": str(lakehouse["home"]),
        "DUAL_LAYOUT_SETTINGS": json.dumps({"protectedPaths": [ADMIN_PROTECTED]}),
    }


def scan_json(helper_cli, lakehouse: dict, catalog: str, path: Path):
    """`dual-layout scan --catalog CATALOG --format json PATH` with the admin's protected path."""
    return helper_cli.run(
        "scan",
        "--catalog",
        catalog,
        "--format",
        "json",
        str(path),
        env=scan_env(lakehouse),
    )


def test_policy_keeps_unreadable_tables_protected_and_says_why(
    start_jupyter, broken_lakehouse, tmp_path
):
    home = broken_lakehouse["home"]
    server = start_jupyter(
        env={"PYICEBERG_HOME": str(home), "HOME": str(home)},
        extra_args=[f"--DualLayout.protected_paths={ADMIN_PROTECTED}"],
    )
    response = server.api("policy")
    assert response.status_code == 200
    policy = response.json()
    assert policy["protected"] == [
        {
            "table": "lab.survey.deleted",
            "location": table_folder(broken_lakehouse["deleted.metadata"]),
        },
        {"table": "lab.survey.good", "location": broken_lakehouse["good"]},
        {
            "table": "lab.survey.truncated",
            "location": table_folder(broken_lakehouse["truncated.metadata"]),
        },
    ]
    # The catalog-known folder is where the table really lives.
    assert (
        table_folder(broken_lakehouse["truncated.metadata"])
        == broken_lakehouse["truncated"]
    )
    assert [u["table"] for u in policy["unavailable"]] == [
        "lab.survey.deleted",
        "lab.survey.truncated",
    ]
    deleted, truncated = policy["unavailable"]
    assert (
        deleted["reason"]
        == f"lab.survey.deleted: cannot read {broken_lakehouse['deleted.metadata']}: no such file"
    )
    assert truncated["reason"].startswith(
        f"lab.survey.truncated: {broken_lakehouse['truncated.metadata']}: "
    )
    assert "JSON" in truncated["reason"]
    assert policy["protectedPaths"] == [ADMIN_PROTECTED]
    assert [c["catalog"] for c in policy["unavailableCatalogs"]] == ["dead"]
    assert "dead" in policy["unavailableCatalogs"][0]["reason"]


def test_a_catalog_that_cannot_be_listed_leaves_the_admin_paths(
    start_jupyter, tmp_path
):
    (tmp_path / "dead.db").write_text("this is not a database")
    (tmp_path / ".pyiceberg.yaml").write_text(
        json.dumps({"catalog": {"dead": {"uri": f"sqlite:///{tmp_path}/dead.db"}}})
    )
    server = start_jupyter(
        env={"PYICEBERG_HOME": str(tmp_path), "HOME": str(tmp_path)},
        extra_args=[f"--DualLayout.protected_paths={ADMIN_PROTECTED}"],
    )
    policy = server.api("policy").json()
    assert policy["protected"] == []
    assert policy["unavailable"] == []
    assert policy["protectedPaths"] == [ADMIN_PROTECTED]
    assert [c["catalog"] for c in policy["unavailableCatalogs"]] == ["dead"]
    assert policy["unavailableCatalogs"][0]["reason"].startswith("SQL catalog 'dead'")


def test_scan_finds_writes_into_an_unreadable_tables_folder_and_warns(
    helper_cli, broken_lakehouse, tmp_path
):
    truncated, deleted = (
        broken_lakehouse["truncated"],
        table_folder(broken_lakehouse["deleted.metadata"]),
    )
    path = notebook(
        tmp_path / "writes.ipynb",
        "import pandas as pd\ndf = pd.DataFrame({'obs_id': [1]})",
        f"df.to_parquet('{truncated}/data/extra.parquet')",
        f"df.to_parquet('{deleted}/data/extra.parquet')",
    )
    result = scan_json(helper_cli, broken_lakehouse, "lab", path)
    assert result.returncode == 1, result.stderr
    assert [(f["cell"], f["table"]) for f in result.json()["findings"]] == [
        (1, "lab.survey.truncated"),
        (2, "lab.survey.deleted"),
    ]
    warnings = result.stderr.splitlines()
    assert [line.split(" is protected")[0] for line in warnings] == [
        "dual-layout scan: warning: table lab.survey.deleted",
        "dual-layout scan: warning: table lab.survey.truncated",
    ]
    assert f"from its catalog's record only ({truncated})" in warnings[1]


def test_scan_of_a_clean_notebook_exits_0_with_the_warning(
    helper_cli, broken_lakehouse, tmp_path
):
    path = notebook(
        tmp_path / "clean.ipynb", f"df.to_parquet('{tmp_path}/scratch/out.parquet')"
    )
    result = helper_cli.run(
        "scan", "--catalog", "lab", str(path), env=scan_env(broken_lakehouse)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (
        "lab.survey.truncated" in result.stderr
        and "lab.survey.deleted" in result.stderr
    )


def test_scan_still_finds_writes_to_the_good_table_and_admin_paths(
    helper_cli, broken_lakehouse, tmp_path
):
    path = notebook(
        tmp_path / "good.ipynb",
        f"df.to_parquet('{broken_lakehouse['good']}/data/x.parquet')\ndf.to_parquet('{ADMIN_PROTECTED}/x.parquet')",
    )
    result = scan_json(helper_cli, broken_lakehouse, "lab", path)
    assert result.returncode == 1, result.stderr
    assert [(f["line"], f["table"]) for f in result.json()["findings"]] == [
        (1, "lab.survey.good"),
        (2, None),
    ]


def test_scan_exits_2_when_the_catalog_cannot_be_listed(
    helper_cli, broken_lakehouse, tmp_path
):
    path = notebook(
        tmp_path / "clean.ipynb", f"df.to_parquet('{tmp_path}/scratch/out.parquet')"
    )
    result = scan_json(helper_cli, broken_lakehouse, "dead", path)
    assert result.returncode == 2
    assert result.json() == {"findings": []}
    assert result.stderr.startswith("dual-layout scan: SQL catalog 'dead'")
    assert result.stderr.rstrip().endswith(
        "the tables of catalog 'dead' are not protected"
    )


def test_a_rest_table_the_server_cannot_load_stays_protected_where_the_server_puts_it(
    start_helper, rest_catalog_server, tmp_path
):
    catalog = rest_catalog_server.load_pyiceberg_catalog()
    catalog.create_namespace("fragile")
    catalog.create_namespace("placed", {"location": f"file://{tmp_path}/placed-ns"})
    tables = {}
    for identifier in ("fragile.table", "placed.table"):
        table = catalog.create_table(identifier, schema=SCHEMA)
        table.append(rows(0, 4))
        tables[identifier] = table
    truncated = local(tables["fragile.table"].metadata_location)
    truncated.write_bytes(truncated.read_bytes()[:40])
    local(tables["placed.table"].metadata_location).unlink()
    home = tmp_path / "home"
    home.mkdir()
    # The server retries a broken metadata file for a long while: give up on it after 3 s.
    properties = rest_catalog_server.pyiceberg_properties(
        **{"dual-layout.timeout-ms": "3000"}
    )
    (home / ".pyiceberg.yaml").write_text(json.dumps({"catalog": {"rest": properties}}))
    policy = start_helper(home).get("policy").json()
    # Where the server really put each table, normalised as the guard compares paths. Iceberg's
    # JdbcCatalog behind this server ignores the namespace's location; other servers honour it,
    # so that is protected too.
    assert policy["protected"] == [
        {
            "table": "rest.fragile.table",
            "location": str(local(tables["fragile.table"].metadata.location)),
        },
        {"table": "rest.placed.table", "location": f"{tmp_path}/placed-ns/table"},
        {
            "table": "rest.placed.table",
            "location": str(local(tables["placed.table"].metadata.location)),
        },
    ]
    assert [u["table"] for u in policy["unavailable"]] == [
        "rest.fragile.table",
        "rest.placed.table",
    ]
    for unavailable, name in zip(
        policy["unavailable"], ("fragile.table", "placed.table")
    ):
        # An HTTP error or no answer in time, depending on how the server fails: both name the table.
        assert re.match(
            rf"REST catalog 'rest'( at \S+)? could not load table '{name}': ",
            unavailable["reason"],
        ), unavailable


def test_scan_reads_no_metadata_outside_the_warehouse(
    helper_cli, broken_lakehouse, tmp_path
):
    """A catalog row pointing outside the warehouse is refused as the API refuses it: the table is
    protected at the folder the row names, never where the foreign file says it lives."""
    import sqlite3

    outside = tmp_path / "outside"
    (outside / "evil" / "metadata").mkdir(parents=True)
    foreign = json.loads(local(broken_lakehouse["good.metadata"]).read_text())
    foreign["location"] = f"file://{outside}/decoy"
    metadata = outside / "evil" / "metadata" / "v1.metadata.json"
    metadata.write_text(json.dumps(foreign))
    with sqlite3.connect(broken_lakehouse["home"] / "catalog.db") as db:
        db.execute(
            "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location)"
            " VALUES ('lab', 'survey', 'escape', ?)",
            (f"file://{metadata}",),
        )
    path = notebook(
        tmp_path / "escape.ipynb",
        f"df.to_parquet('{outside}/evil/data/x.parquet')",
        f"df.to_parquet('{outside}/decoy/data/x.parquet')",
    )
    result = scan_json(helper_cli, broken_lakehouse, "lab", path)
    assert result.returncode == 1, result.stderr
    assert [(f["cell"], f["table"]) for f in result.json()["findings"]] == [
        (0, "lab.survey.escape")
    ]
    escape = next(
        line for line in result.stderr.splitlines() if "lab.survey.escape" in line
    )
    assert f"from its catalog's record only (file://{outside}/evil)" in escape
    assert "outside" in escape.split(": ", 2)[2]


def test_scan_never_prints_a_catalog_secret(helper_cli, tmp_path):
    secret = "client-secret-9b1e77"
    (tmp_path / ".pyiceberg.yaml").write_text(
        json.dumps(
            {
                "catalog": {
                    "remote": {
                        "uri": "http://127.0.0.1:9/catalog",
                        "credential": f"lab:{secret}",
                    }
                }
            }
        )
    )
    path = notebook(tmp_path / "clean.ipynb", "x = 1")
    result = helper_cli.run(
        "scan", "--catalog", "remote", str(path), env={"PYICEBERG_HOME": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "REST catalog 'remote'" in result.stderr
    assert secret not in result.stderr + result.stdout


def test_a_rest_table_the_helper_may_not_read_is_protected_where_the_server_says(
    start_helper, rest_catalog_server, tmp_path
):
    """The server loads the table, but its files lie outside the warehouse this helper is
    confined to: the location in the server's own answer is protected."""
    catalog = rest_catalog_server.load_pyiceberg_catalog()
    catalog.create_namespace("elsewhere")
    table = catalog.create_table("elsewhere.table", schema=SCHEMA)
    home = tmp_path / "home"
    home.mkdir()
    confined = rest_catalog_server.pyiceberg_properties(
        warehouse=f"file://{tmp_path}/other"
    )
    (home / ".pyiceberg.yaml").write_text(json.dumps({"catalog": {"rest": confined}}))
    policy = start_helper(home).get("policy").json()
    entries = [e for e in policy["protected"] if e["table"] == "rest.elsewhere.table"]
    assert entries == [
        {"table": "rest.elsewhere.table", "location": table.metadata.location}
    ]
    [unavailable] = [
        u for u in policy["unavailable"] if u["table"] == "rest.elsewhere.table"
    ]
    assert "outside" in unavailable["reason"]
