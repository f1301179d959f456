"""The demo lakehouse: what real Dask reads from each table's Hive tree against pyiceberg's scan.

This is the demo's claim in test form: the dual-layout tables give Dask exactly the Iceberg rows,
plain and filtered on each partition source column (object-storage directories included), the
drifted one does not, and Dask cannot read the transients' tree at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import dask.dataframe as dd
import pyarrow as pa
import pytest
import yaml
from pyiceberg.catalog import load_catalog

from tests.scenarios.ground_truth import compare_views, partition_source_columns

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "demo" / "make_lakehouse.py"
# Run in a fresh interpreter, so pyiceberg reads PYICEBERG_HOME when it loads its configuration.
LIST_TABLES = """
from pyiceberg.catalog import load_catalog
catalog = load_catalog("demo")
print(sorted(".".join(t) for ns in catalog.list_namespaces() for t in catalog.list_tables(ns)))
"""
TABLES = [
    "archive.legacy_readings",
    "survey.calibrations",
    "survey.observations",
    "survey.stations",
    "survey.transients",
    "survey.weather",
]


def make_lakehouse(directory: Path) -> str:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def lakehouse(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("demo")
    (directory / "notes.ipynb").write_text(
        "{}"
    )  # a user's file, which a re-run must keep
    make_lakehouse(directory)
    return directory


def config_of(lakehouse: Path) -> dict[str, str]:
    return yaml.safe_load((lakehouse / ".pyiceberg.yaml").read_text())["catalog"][
        "demo"
    ]


@pytest.fixture(scope="module")
def catalog(lakehouse: Path):
    return load_catalog("demo", **config_of(lakehouse))


def data_root(table) -> str:
    return urlparse(table.location()).path + "/data"


def iceberg_rows(table) -> Counter:
    return Counter(map(tuple, _rows(table.scan().to_arrow(), table)))


def dask_rows(table) -> Counter:
    frame = dd.read_parquet(
        data_root(table), dataset={"partitioning": "hive"}
    ).compute()
    return Counter(
        map(tuple, _rows(pa.Table.from_pandas(frame, preserve_index=False), table))
    )


def _rows(arrow: pa.Table, table) -> list[list]:
    """Rows of the table's own columns, as Python values (Dask adds columns from directory names)."""
    names = [f.name for f in table.schema().fields]
    columns = [arrow.column(name).to_pylist() for name in names]
    return [list(row) for row in zip(*columns, strict=True)]


def test_creates_catalog_warehouse_and_config_that_pyiceberg_finds(lakehouse: Path):
    config = config_of(lakehouse)
    assert config["uri"] == f"sqlite:///{lakehouse.resolve() / 'catalog.db'}"
    assert config["warehouse"] == (lakehouse / "warehouse").resolve().as_uri()
    # pyiceberg's own discovery: PYICEBERG_HOME names the folder holding .pyiceberg.yaml.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYICEBERG_")}
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            LIST_TABLES,
        ],
        env={**env, "PYICEBERG_HOME": str(lakehouse)},
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.strip() == str(TABLES)


@pytest.mark.parametrize(
    "identifier",
    [
        "survey.observations",
        "survey.stations",
        "survey.weather",
        "archive.legacy_readings",
    ],
)
def test_dual_layout_tables_give_dask_the_iceberg_rows(catalog, identifier):
    table = catalog.load_table(identifier)
    expected = iceberg_rows(table)
    assert sum(expected.values()) > 0
    assert dask_rows(table) == expected
    truth = compare_views(
        table.scan().to_arrow(),
        data_root(table),
        filter_columns=partition_source_columns(table),
    )
    assert truth.match, truth.reason


def test_observations_are_hive_partitioned_by_region_and_night(
    catalog,
):
    table = catalog.load_table("survey.observations")
    relative = sorted(
        {
            urlparse(path).path.removeprefix(data_root(table) + "/").rsplit("/", 1)[0]
            for path in table.inspect.files().column("file_path").to_pylist()
        }
    )
    assert len(relative) == 4 * 5
    assert "region=South-America/night=20240102" in relative
    assert len(table.snapshots()) == 3
    assert sum(iceberg_rows(table).values()) >= 5000


def test_observations_join_stations_within_each_region(catalog):
    observations = catalog.load_table("survey.observations").scan().to_pandas()
    stations = catalog.load_table("survey.stations").scan().to_pandas()
    joined = observations.merge(stations, on=["region", "station_id"], how="left")
    assert joined["name"].notna().all()


def test_drifted_calibrations_give_dask_the_overwritten_rows_too(catalog):
    table = catalog.load_table("survey.calibrations")
    live = iceberg_rows(table)
    read_by_dask = dask_rows(table)
    assert read_by_dask != live
    stale = read_by_dask - live
    assert not live - read_by_dask  # Dask sees every live row, plus the stale ones
    version = [f.name for f in table.schema().fields].index("version")
    assert {row[version] for row in stale.elements()} == {1}
    assert {row[version] for row in live.elements()} == {1, 2}


def test_dask_refuses_a_tree_with_some_partition_columns_inside_the_files(catalog):
    table = catalog.load_table("survey.transients")
    with pytest.raises(ValueError, match="partition-columns"):
        dd.read_parquet(data_root(table), dataset={"partitioning": "hive"}).compute()


def test_legacy_readings_are_not_laid_out_as_hive_partitions(catalog):
    table = catalog.load_table("archive.legacy_readings")
    paths = table.inspect.files().column("file_path").to_pylist()
    assert paths
    for path in paths:
        segments = urlparse(path).path.removeprefix(data_root(table) + "/").split("/")
        assert not any("=" in segment for segment in segments[:-1]), path


def test_rerun_recreates_the_same_rows_and_keeps_other_files(lakehouse: Path, catalog):
    before = {name: iceberg_rows(catalog.load_table(name)) for name in TABLES}
    make_lakehouse(lakehouse)
    again = load_catalog("demo", **config_of(lakehouse))
    after = {name: iceberg_rows(again.load_table(name)) for name in TABLES}
    assert after == before
    assert len(again.load_table("survey.observations").snapshots()) == 3
    assert (lakehouse / "notes.ipynb").exists()
