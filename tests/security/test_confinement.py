"""Confinement never widens: hostile catalog rows, metadata claims and symlinks, against the real helper.

Every table here is written by real pyiceberg into a SQL catalog; the hostile ones are what a
person with write access to the catalog database or to a table's folder could make of it. Each
case runs twice: with the catalog's ``warehouse`` configured, and without one (reads are then
confined to the table folder the catalog row names). "Not read" is measured, not assumed: the
canary files outside get an access time older than their modification time, which the kernel
(``relatime``) updates on the first read or listing.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import LongType, NestedField, StringType

from tests.fixtures.scripted_rest import CatalogScript, scripted_rest_catalog

CANARY = "CANARY-7f3e9b1c"
SCHEMA = Schema(
    NestedField(1, "obs_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
)
SPEC = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))


@dataclass(frozen=True)
class Lakehouse:
    root: Path
    warehouse: Path
    outside: Path
    #: PYICEBERG_HOME with the catalog's ``warehouse`` set, and one without it.
    homes: dict[str, Path]
    table_location: Path

    @property
    def database(self) -> Path:
        return self.root / "catalog.db"


def write_home(directory: Path, catalog: dict[str, str]) -> Path:
    directory.mkdir()
    (directory / ".pyiceberg.yaml").write_text(
        json.dumps({"catalog": {"lab": catalog}})
    )
    return directory


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    uri = f"sqlite:///{tmp_path}/catalog.db"
    catalog = SqlCatalog("lab", uri=uri, warehouse=f"file://{warehouse}")
    catalog.create_namespace("survey")
    table = catalog.create_table(
        "survey.observations", schema=SCHEMA, partition_spec=SPEC
    )
    table.append(
        pa.table(
            {"obs_id": pa.array([1, 2, 3], pa.int64()), "region": ["EU", "US", "EU"]}
        )
    )
    homes = {
        "warehouse": write_home(
            tmp_path / "home-warehouse",
            {"uri": uri, "warehouse": f"file://{warehouse}"},
        ),
        "no-warehouse": write_home(tmp_path / "home-bare", {"uri": uri}),
    }
    location = Path(table.metadata.location.removeprefix("file://"))
    return Lakehouse(tmp_path, warehouse, outside, homes, location)


def register(lakehouse: Lakehouse, name: str, metadata_location: str) -> str:
    """A catalog row anyone with write access to the catalog database could add."""
    with sqlite3.connect(lakehouse.database) as db:
        db.execute(
            "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location) VALUES (?, ?, ?, ?)",
            ("lab", "survey", name, metadata_location),
        )
    return f"lab.survey.{name}"


def current_metadata(lakehouse: Lakehouse) -> tuple[Path, dict]:
    with sqlite3.connect(lakehouse.database) as db:
        (location,) = db.execute(
            "SELECT metadata_location FROM iceberg_tables WHERE table_name = 'observations'"
        ).fetchone()
    path = Path(location.removeprefix("file://"))
    return path, json.loads(path.read_text())


def canary(path: Path, content: bytes | None = None) -> Path:
    """A file whose access time moves if anyone reads it (atime set older than mtime)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is not None:
        path.write_bytes(content)
    arm(path)
    return path


def arm(path: Path) -> None:
    now = time.time()
    os.utime(path, (now - 3600, now))


def untouched(path: Path) -> bool:
    stat = os.stat(path)
    return stat.st_atime < stat.st_mtime


@pytest.fixture(autouse=True, scope="module")
def access_times_are_recorded(tmp_path_factory):
    """The canaries measure reads through atime: make sure this file system records it."""
    probe = tmp_path_factory.mktemp("atime") / "probe"
    probe.write_text("x")
    arm(probe)
    probe.read_text()
    if untouched(probe):
        pytest.skip(
            "this file system does not record access times (noatime), so reads cannot be measured"
        )


def check(helper_cli, lakehouse: Lakehouse, home: str, table: str):
    return helper_cli.run(
        "check",
        "--format",
        "json",
        table,
        env={"PYICEBERG_HOME": str(lakehouse.homes[home])},
        timeout=120,
    )


HOMES = ["warehouse", "no-warehouse"]


def allowed_root(lakehouse: Lakehouse, home: str) -> Path:
    """The one root reads are confined to: the warehouse, else the folder the catalog row names."""
    return lakehouse.warehouse if home == "warehouse" else lakehouse.table_location


@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize(
    "metadata_location",
    [
        "/etc/passwd",
        "file:///etc/passwd",
        "file:/etc/passwd",
        "/etc/../etc/./passwd",
        "{warehouse}/../../../../../../etc/passwd",
        "{warehouse}/%2e%2e/%2E%2E/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/etc/metadata/passwd",
    ],
)
def test_a_row_pointing_at_etc_passwd_is_an_error_that_never_shows_it(
    helper_cli, lakehouse, home, metadata_location
):
    table = register(
        lakehouse, "passwd", metadata_location.format(warehouse=lakehouse.warehouse)
    )
    result = check(helper_cli, lakehouse, home, table)
    assert result.returncode == 2, result.stderr
    [verdict] = result.json()["tables"]
    assert verdict["table"] == table
    assert verdict["status"] == "error"
    assert verdict["error"].startswith(f"{table}: ")
    for text in (result.stdout, result.stderr):
        assert "root:x:" not in text


@pytest.mark.parametrize("home", HOMES)
def test_the_other_tables_still_check_beside_a_hostile_row(helper_cli, lakehouse, home):
    register(lakehouse, "passwd", "/etc/passwd")
    result = helper_cli.run(
        "check",
        "--format",
        "json",
        env={"PYICEBERG_HOME": str(lakehouse.homes[home])},
        timeout=120,
    )
    assert result.returncode == 2
    statuses = {
        verdict["table"]: verdict["status"] for verdict in result.json()["tables"]
    }
    assert statuses == {
        "lab.survey.observations": "consistent",
        "lab.survey.passwd": "error",
    }
    assert "root:" not in result.stdout + result.stderr


def test_metadata_outside_the_warehouse_is_refused_before_a_byte_is_read(
    helper_cli, start_helper, lakehouse
):
    real, _ = current_metadata(lakehouse)
    stolen = canary(
        lakehouse.outside / "stolen" / "metadata" / real.name,
        real.read_bytes().replace(
            b'"format-version"', f'"{CANARY}": 1, "format-version"'.encode()
        ),
    )
    table = register(lakehouse, "stolen", f"file://{stolen}")
    result = check(helper_cli, lakehouse, "warehouse", table)
    assert result.returncode == 2
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    # Refused at the first touch, whether that is a size check or the read itself.
    assert re.fullmatch(
        rf"{re.escape(table)}: refusing to (stat|read) {re.escape(f'file://{stolen}')}: "
        rf"it is outside the allowed locations \(allowed: {re.escape(str(lakehouse.warehouse))}\)",
        verdict["error"],
    ), verdict["error"]
    helper = start_helper(lakehouse.homes["warehouse"])
    for path in [
        f"tables/{table}",
        f"tables/{table}/preview",
        f"tables/{table}/verdict",
    ]:
        response = helper.get(path)
        assert response.status_code == 502, (path, response.text)
        assert response.json()["error"]["table"] == table
        assert CANARY not in response.text
    assert helper.get("tables/lab.survey.observations").status_code == 200
    assert untouched(stolen)


def test_without_a_warehouse_a_row_naming_no_table_folder_vouches_for_nothing(
    helper_cli, lakehouse
):
    loose = canary(lakehouse.outside / "loose.json", f'{{"{CANARY}": true}}'.encode())
    table = register(lakehouse, "loose", str(loose))
    result = check(helper_cli, lakehouse, "no-warehouse", table)
    assert result.returncode == 2
    [verdict] = result.json()["tables"]
    assert verdict["error"] == (
        f"{table}: catalog 'lab' has no warehouse location and vouches for no folder of this table "
        f"(its metadata location {loose} is not <table>/metadata/<file>); set the catalog's 'warehouse' to read it"
    )
    assert untouched(loose)


@pytest.mark.parametrize("home", HOMES)
def test_a_home_directory_is_never_a_root(helper_cli, lakehouse, home, tmp_path):
    """A row whose table folder would be the home directory itself."""
    fake_home = tmp_path / "home-of-someone"
    secret = canary(
        fake_home / "metadata" / "v1.metadata.json", f'{{"{CANARY}": 1}}'.encode()
    )
    table = register(lakehouse, "home", str(secret))
    result = helper_cli.run(
        "check",
        "--format",
        "json",
        table,
        env={"PYICEBERG_HOME": str(lakehouse.homes[home]), "HOME": str(fake_home)},
        timeout=120,
    )
    assert result.returncode == 2
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    assert CANARY not in result.stdout + result.stderr
    assert untouched(secret)


def claiming_metadata(lakehouse: Lakehouse, name: str, change) -> str:
    """A metadata file inside the table's own folder, as its writer left it but for `change`."""
    real, metadata = current_metadata(lakehouse)
    change(metadata)
    hostile = real.with_name(f"99999-{name}.metadata.json")
    hostile.write_text(json.dumps(metadata))
    return register(lakehouse, name, f"file://{hostile}")


@pytest.mark.parametrize("home", HOMES)
def test_a_metadata_location_of_file_root_does_not_widen_the_roots(
    helper_cli, lakehouse, home
):
    root_data = Path("/data")
    table = claiming_metadata(
        lakehouse, "rooted", lambda m: m.update(location="file:///")
    )
    result = check(helper_cli, lakehouse, home, table)
    assert result.returncode == 2, result.stderr
    [verdict] = result.json()["tables"]
    allowed = allowed_root(lakehouse, home)
    assert verdict["status"] == "error"
    assert verdict["error"] == (
        f"{table}: refusing to list {root_data}: it is outside the allowed locations (allowed: {allowed})"
    )


@pytest.mark.parametrize("home", HOMES)
def test_manifests_and_data_outside_are_never_read_whatever_the_metadata_claims(
    helper_cli, start_helper, lakehouse, home
):
    """A metadata file inside the table folder claims `location: file:///` and lists a manifest list and data outside."""
    _, metadata = current_metadata(lakehouse)
    manifest_list = Path(
        metadata["snapshots"][-1]["manifest-list"].removeprefix("file://")
    )
    copied_list = canary(
        lakehouse.outside / "snap-outside.avro", manifest_list.read_bytes()
    )
    data = canary(lakehouse.outside / "data" / "region=EU" / "part.parquet", b"")
    pq.write_table(
        pa.table({"obs_id": pa.array([7], pa.int64()), "region": [CANARY]}), data
    )
    for written in (data, data.parent, data.parent.parent):
        arm(written)

    def claim(m):
        m["location"] = "file:///"
        m["properties"]["write.data.path"] = f"file://{lakehouse.outside / 'data'}"
        m["snapshots"][-1]["manifest-list"] = f"file://{copied_list}"

    table = claiming_metadata(lakehouse, "claims", claim)
    result = check(helper_cli, lakehouse, home, table)
    assert result.returncode == 2, result.stderr
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    assert "outside the allowed locations" in verdict["error"]
    assert str(lakehouse.outside) in verdict["error"]
    helper = start_helper(lakehouse.homes[home])
    responses = [
        helper.get(f"tables/{table}"),
        helper.get(f"tables/{table}/preview"),
        helper.get(f"tables/{table}/verdict"),
    ]
    for response in responses:
        assert CANARY not in response.text
    # A manifest the helper refuses to read is an upstream failure of that table, named.
    assert responses[1].status_code == 502, responses[1].text
    assert responses[1].json()["error"] == {
        "message": (
            f"{table}: file://{copied_list}: cannot be read (refusing to stat file://{copied_list}: "
            f"it is outside the allowed locations (allowed: {allowed_root(lakehouse, home)}))"
        ),
        "catalog": table.split(".")[0],
        "table": table,
    }
    assert untouched(copied_list)
    assert untouched(data)
    assert untouched(data.parent)


def plant_outside(lakehouse: Lakehouse) -> Path:
    """A Parquet file outside every root, with rows no table has."""
    planted = lakehouse.outside / "elsewhere" / "part-canary.parquet"
    planted.parent.mkdir(parents=True)
    pq.write_table(
        pa.table({"obs_id": pa.array([666], pa.int64()), "region": ["EU"]}), planted
    )
    return planted


def preview_ids(helper) -> list[int]:
    """The table's rows as the helper previews them: from the live files only."""
    preview = helper.get("tables/lab.survey.observations/preview")
    assert preview.status_code == 200, preview.text
    return sorted(pa.ipc.open_stream(preview.content).read_all().to_pydict()["obs_id"])


def dask_ids(data_root: Path) -> set[int]:
    import dask.dataframe as dd

    return set(
        dd.read_parquet(str(data_root), dataset={"partitioning": "hive"}).compute()[
            "obs_id"
        ]
    )


@pytest.mark.parametrize("home", HOMES)
def test_a_symlinked_directory_out_of_the_data_root_is_neither_listed_nor_followed(
    helper_cli, start_helper, lakehouse, home
):
    planted = plant_outside(lakehouse)
    data_root = lakehouse.table_location / "data"
    (data_root / "region=ZZ").symlink_to(planted.parent, target_is_directory=True)
    # Ground truth: Dask (fsspec's find) does not descend a symlinked directory, so its rows are Iceberg's.
    assert dask_ids(data_root) == {1, 2, 3}
    arm(planted)
    arm(planted.parent)

    result = check(helper_cli, lakehouse, home, "lab.survey.observations")
    assert result.returncode == 0, result.stdout + result.stderr
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "consistent"
    assert "region=ZZ" not in result.stdout
    assert preview_ids(start_helper(lakehouse.homes[home])) == [1, 2, 3]
    assert untouched(planted)
    assert untouched(planted.parent)


@pytest.mark.parametrize("home", HOMES)
def test_a_symlinked_file_out_of_the_data_root_makes_the_table_uncheckable_unread(
    helper_cli, start_helper, lakehouse, home
):
    planted = plant_outside(lakehouse)
    data_root = lakehouse.table_location / "data"
    link = data_root / "region=EU" / "part-linked.parquet"
    link.symlink_to(planted)
    # Ground truth: Dask reads a symlinked file, so the Hive view holds rows from outside every root.
    assert dask_ids(data_root) == {1, 2, 3, 666}
    arm(planted)
    arm(planted.parent)

    result = check(helper_cli, lakehouse, home, "lab.survey.observations")
    assert result.returncode == 2, result.stdout + result.stderr
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "error"
    assert verdict["error"] == (
        f"lab.survey.observations: refusing to list {link}: it is a symbolic link to a file outside the allowed locations, "
        f"which Dask would read (allowed: {allowed_root(lakehouse, home)})"
    )
    assert preview_ids(start_helper(lakehouse.homes[home])) == [1, 2, 3]
    assert untouched(planted)


@pytest.mark.parametrize("home", HOMES)
def test_a_metadata_file_symlinked_out_of_the_roots_is_refused_unread(
    helper_cli, lakehouse, home
):
    real, _ = current_metadata(lakehouse)
    outside = canary(
        lakehouse.outside / "real.metadata.json",
        real.read_bytes().replace(
            b'"format-version"', f'"{CANARY}": 1, "format-version"'.encode()
        ),
    )
    link = lakehouse.warehouse / "survey" / "linked" / "metadata" / "v1.metadata.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    table = register(lakehouse, "linked", f"file://{link}")
    result = check(helper_cli, lakehouse, home, table)
    assert result.returncode == 2
    [verdict] = result.json()["tables"]
    allowed = lakehouse.warehouse if home == "warehouse" else link.parent.parent
    assert re.fullmatch(
        rf"{re.escape(table)}: refusing to (stat|read) {re.escape(f'file://{link}')}: it resolves through a symbolic link "
        rf"to outside the allowed locations \(allowed: {re.escape(str(allowed))}\)",
        verdict["error"],
    ), verdict["error"]
    assert CANARY not in result.stdout + result.stderr
    assert untouched(outside)


def test_a_rest_catalog_vouches_for_the_location_it_answers_never_for_file_root(
    helper_cli, lakehouse, tmp_path
):
    """Without a warehouse, a REST table is read below the location of its load-table answer; `file:///` confines nothing."""
    real, _ = current_metadata(lakehouse)
    rooted = claiming_metadata(
        lakehouse, "rooted", lambda m: m.update(location="file:///")
    )
    with sqlite3.connect(lakehouse.database) as db:
        (rooted_location,) = db.execute(
            "SELECT metadata_location FROM iceberg_tables WHERE table_name = 'rooted'"
        ).fetchone()
    script = CatalogScript(
        children=lambda parent: [["survey"]] if parent == () else [],
        tables={
            (("survey",), "observations"): f"file://{real}",
            (("survey",), "rooted"): rooted_location,
        },
    )
    with scripted_rest_catalog(script) as uri:
        home = write_home(tmp_path / "home-rest", {"type": "rest", "uri": uri})
        result = helper_cli.run(
            "check", "--format", "json", env={"PYICEBERG_HOME": str(home)}, timeout=120
        )
    assert result.returncode == 2, result.stderr
    verdicts = {verdict["table"]: verdict for verdict in result.json()["tables"]}
    assert verdicts["lab.survey.observations"]["status"] == "consistent"
    assert rooted == "lab.survey.rooted"
    assert verdicts[rooted]["status"] == "error"
    assert re.fullmatch(
        rf"{re.escape(rooted)}: refusing to (stat|read) {re.escape(rooted_location)}: it is outside the allowed locations "
        r"\(allowed: none; / is no root, as it is the whole file system\)",
        verdicts[rooted]["error"],
    ), verdicts[rooted]["error"]


def test_a_symlinked_directory_inside_the_data_root_is_not_descended_as_dask_does_not(
    helper_cli, lakehouse
):
    data_root = lakehouse.table_location / "data"
    (data_root / "region=ZZ").symlink_to(
        data_root / "region=EU", target_is_directory=True
    )
    # Ground truth: Dask does not read region=ZZ's linked copy of region=EU, so the views agree.
    assert dask_ids(data_root) == {1, 2, 3}
    result = check(helper_cli, lakehouse, "warehouse", "lab.survey.observations")
    assert result.returncode == 0, result.stdout + result.stderr
    [verdict] = result.json()["tables"]
    assert verdict["status"] == "consistent"
    assert verdict["findings"] == []


@pytest.mark.parametrize("warehouse", ["file:///", "/", "/etc", "{home}"])
def test_a_warehouse_that_confines_nothing_is_no_root(
    helper_cli, lakehouse, tmp_path, warehouse
):
    """A careless `warehouse` (the whole disk, a system or home directory) reads nothing rather than everything."""
    fake_home = tmp_path / "someone"
    fake_home.mkdir()
    home = write_home(
        tmp_path / "home-broad",
        {
            "uri": f"sqlite:///{lakehouse.database}",
            "warehouse": warehouse.format(home=fake_home),
        },
    )
    table = register(lakehouse, "passwd", "/etc/passwd")
    result = helper_cli.run(
        "check",
        "--format",
        "json",
        env={"PYICEBERG_HOME": str(home), "HOME": str(fake_home)},
        timeout=120,
    )
    assert result.returncode == 2
    verdicts = {verdict["table"]: verdict for verdict in result.json()["tables"]}
    assert {t: v["status"] for t, v in verdicts.items()} == {
        "lab.survey.observations": "error",
        table: "error",
    }
    for verdict in verdicts.values():
        assert "outside the allowed locations (allowed: none; " in verdict["error"]
        assert " is no root, as it " in verdict["error"]
    assert "root:x:" not in result.stdout + result.stderr
