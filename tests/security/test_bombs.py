"""Bounded work per table: decompression bombs in real tables, and hostile text for the scrubber.

The tables are written by real pyiceberg into a SQL catalog; then a manifest list or manifest is
replaced by an Avro container with the real file's header (schema, codec, sync marker) and one
deflate block of a few hundred KB that inflates to 512 MiB, or a block header that claims 2^31
records. `dual-layout check` and the helper's API must report each such table as `error`, naming
the file and the limit, keep checking the others, and stay within a memory bound: the peak RSS of
the whole helper process (every thread) is measured by the kernel (`wait4`'s `ru_maxrss`).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.manifest import write_manifest_list
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.table import Table
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import LongType, NestedField, StringType

MIB = 1024 * 1024
#: The peak RSS the helper may reach while reading any one bomb (its baseline is ~100 MiB).
PEAK_RSS_BOUND = 512 * MIB
SCHEMA = Schema(
    NestedField(1, "obs_id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
)
SPEC = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))
TABLES = ("clean", "list_bomb", "manifest_bomb", "count_bomb", "metadata_bomb")


def avro_long(value: int) -> bytes:
    """Avro's zig-zag varint."""
    n = (value << 1) ^ (value >> 63)
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_long(data: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return (result >> 1) ^ -(result & 1), pos


def container_header(data: bytes) -> tuple[bytes, bytes]:
    """The header of an Avro container (magic, metadata map, sync marker) and its sync marker."""
    assert data[:4] == b"Obj\x01"
    pos = 4
    while True:
        count, pos = read_long(data, pos)
        if count == 0:
            break
        if count < 0:
            _, pos = read_long(data, pos)
            count = -count
        for _ in range(2 * count):
            length, pos = read_long(data, pos)
            pos += length
    return data[: pos + 16], data[pos : pos + 16]


def deflate_zeros(size: int) -> bytes:
    """Raw deflate of `size` zero bytes, compressed a MiB at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MIB)
    parts = [compressor.compress(chunk) for _ in range(size // MIB)]
    parts.append(compressor.flush())
    return b"".join(parts)


def replace_with_block(path: Path, count: int, block: bytes) -> None:
    """Keep the file's header; its data becomes one block claiming `count` records."""
    header, sync = container_header(path.read_bytes())
    path.write_bytes(header + avro_long(count) + avro_long(len(block)) + block + sync)


def declare_manifest_length(table: Table, manifest_list: Path, length: int) -> None:
    """Rewrite the snapshot's manifest list, as pyiceberg writes it, declaring the new length."""
    snapshot = table.current_snapshot()
    assert snapshot is not None
    manifests = snapshot.manifests(table.io)
    manifests[0][1] = length  # manifest_length (a read-only property on the Record)
    manifest_list.unlink()
    with write_manifest_list(
        table.format_version,
        table.io.new_output(str(manifest_list)),
        snapshot.snapshot_id,
        snapshot.parent_snapshot_id,
        snapshot.sequence_number,
        "deflate",
    ) as writer:
        writer.add_manifests(manifests)


@dataclass(frozen=True)
class BombLakehouse:
    home: Path
    #: The file each hostile table had replaced, by table name.
    replaced: dict[str, Path]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> BombLakehouse:
    root = tmp_path_factory.mktemp("bombs")
    warehouse = root / "warehouse"
    warehouse.mkdir()
    properties = {
        "uri": f"sqlite:///{root}/catalog.db",
        "warehouse": f"file://{warehouse}",
    }
    catalog = SqlCatalog("lab", **properties)
    catalog.create_namespace("survey")
    replaced: dict[str, Path] = {}
    bomb = deflate_zeros(512 * MIB)
    assert len(bomb) < 600 * 1024  # a few hundred KB
    for name in TABLES:
        table = catalog.create_table(
            f"survey.{name}", schema=SCHEMA, partition_spec=SPEC
        )
        table.append(
            pa.table({"obs_id": pa.array([1, 2], pa.int64()), "region": ["EU", "US"]})
        )
        snapshot = table.current_snapshot()
        assert snapshot is not None
        manifest_list = Path(snapshot.manifest_list.removeprefix("file://"))
        manifest = Path(
            snapshot.manifests(table.io)[0].manifest_path.removeprefix("file://")
        )
        metadata = Path(table.metadata_location.removeprefix("file://"))
        if name == "list_bomb":
            replace_with_block(manifest_list, 1, bomb)
            replaced[name] = manifest_list
        elif name == "manifest_bomb":
            replace_with_block(manifest, 1, bomb)
            declare_manifest_length(table, manifest_list, manifest.stat().st_size)
            replaced[name] = manifest
        elif name == "count_bomb":
            replace_with_block(manifest_list, 2**31, zlib.compress(bytes(4096))[2:-4])
            replaced[name] = manifest_list
        elif name == "metadata_bomb":
            compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
            chunk = b" " * MIB
            metadata.write_bytes(
                b"".join(compressor.compress(chunk) for _ in range(300))
                + compressor.flush()
            )
            replaced[name] = metadata
    home = root / "home"
    home.mkdir()
    (home / ".pyiceberg.yaml").write_text(json.dumps({"catalog": {"lab": properties}}))
    return BombLakehouse(home, replaced)


EXPECTED_ERROR = {
    "list_bomb": "Avro block 0: decompressed size exceeds 64 MiB per block",
    "manifest_bomb": "Avro block 0: decompressed size exceeds 64 MiB per block",
    "count_bomb": "Avro block 0 claims 2147483648 records in 4096 bytes",
    "metadata_bomb": "gzip-compressed metadata: decompressed size exceeds 256 MiB",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERROR))
def test_check_reports_a_bomb_as_an_error_within_the_memory_bound(
    helper_cli, bombs, name, capsys
):
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            "node",
            str(helper_cli.bundle),
            "check",
            "--format",
            "json",
            f"lab.survey.{name}",
            "lab.survey.clean",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYICEBERG_HOME": str(bombs.home)},
    )
    stdout = process.stdout.read()
    process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    peak = usage.ru_maxrss * 1024
    with capsys.disabled():
        print(f"\n  {name}: peak RSS {peak / MIB:.0f} MiB, {elapsed:.1f} s")
    assert os.waitstatus_to_exitcode(status) == 2
    results = {entry["table"]: entry for entry in json.loads(stdout)["tables"]}
    bomb = results[f"lab.survey.{name}"]
    assert bomb["status"] == "error"
    assert EXPECTED_ERROR[name] in bomb["error"]
    assert str(bombs.replaced[name]) in bomb["error"]
    assert results["lab.survey.clean"]["status"] == "consistent"
    assert peak < PEAK_RSS_BOUND


def test_api_verdict_of_a_bomb_is_an_error(start_helper, bombs):
    helper = start_helper(bombs.home)
    for name in ("manifest_bomb", "list_bomb"):
        progress = helper.wait_for_check(f"lab.survey.{name}")
        verdict = progress["verdict"]
        assert verdict["status"] == "error"
        assert EXPECTED_ERROR[name] in verdict["error"]
        assert (
            helper.get(f"tables/lab.survey.{name}/verdict").json()["status"] == "error"
        )
    # The helper is still answering, and the clean table still checks.
    assert (
        helper.wait_for_check("lab.survey.clean")["verdict"]["status"] == "consistent"
    )


def test_hostile_text_through_a_catalog_secret_is_scrubbed_in_linear_time(
    helper_cli, bombs, tmp_path
):
    """256 KB values (and a 120 KB table name) that made the old URI-password pattern backtrack for minutes."""
    config = json.loads((bombs.home / ".pyiceberg.yaml").read_text())
    lab = config["catalog"]["lab"]
    lab["token"] = "a://b:" + "c" * 256 * 1024
    lab["header.x-trace"] = "a" * 256 * 1024
    home = tmp_path / "home"
    home.mkdir()
    (home / ".pyiceberg.yaml").write_text(json.dumps(config))
    # One argument can hold 128 KiB at most (the kernel's MAX_ARG_STRLEN).
    missing = "lab.survey." + "a" * 120 * 1024
    started = time.perf_counter()
    listed = helper_cli.run(
        "list", "--format", "json", env={"PYICEBERG_HOME": str(home)}, timeout=60
    )
    checked = helper_cli.run(
        "check",
        "--format",
        "json",
        missing,
        env={"PYICEBERG_HOME": str(home)},
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert listed.returncode == 0
    assert {t["table"] for t in listed.json()["tables"]} >= {
        f"lab.survey.{name}" for name in TABLES
    }
    assert checked.returncode == 2
    assert "c" * 64 not in checked.stdout + checked.stderr
    assert elapsed < 20
