"""What the benchmark measures about a table, independently of the side that changed it: the storage
listing, Iceberg's own account of the bytes a commit added and removed, Iceberg's rows (through
Spark) and Dask's rows (through the plain Hive read)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


def listing(location: Path) -> dict[str, int]:
    """Every file under the table's location with its size, as the storage holds it."""
    files = {}
    for folder, _, names in os.walk(location):
        for name in names:
            path = os.path.join(folder, name)
            files[path] = os.stat(path).st_size
    return files


@dataclass(frozen=True)
class StorageDelta:
    """Bytes and files that appeared and disappeared between two listings."""

    parquet_written: int
    parquet_files_written: int
    parquet_removed: int
    parquet_files_removed: int
    other_written: int

    @classmethod
    def between(cls, before: dict[str, int], after: dict[str, int]) -> StorageDelta:
        added = {p: s for p, s in after.items() if p not in before}
        removed = {p: s for p, s in before.items() if p not in after}

        def is_parquet(path: str) -> bool:
            return path.endswith(".parquet") and "/data/" in path

        return cls(
            parquet_written=sum(s for p, s in added.items() if is_parquet(p)),
            parquet_files_written=sum(1 for p in added if is_parquet(p)),
            parquet_removed=sum(s for p, s in removed.items() if is_parquet(p)),
            parquet_files_removed=sum(1 for p in removed if is_parquet(p)),
            other_written=sum(s for p, s in added.items() if not is_parquet(p)),
        )


def committed_bytes(before: dict[str, int], after: dict[str, int]) -> tuple[int, int]:
    """(added, removed) file bytes that Iceberg's snapshot summaries record for the commits made
    between two listings, read from the metadata files those commits wrote: a side that expires
    its own intermediate snapshots leaves them out of the table's current metadata, not out of
    the metadata file each commit wrote."""
    snapshots: dict[int, dict] = {}
    known: set[int] = set()
    for path in before:
        if path.endswith(".metadata.json") and path in after:
            known.update(s["snapshot-id"] for s in _snapshots(path))
    for path in after.keys() - before.keys():
        if path.endswith(".metadata.json"):
            for snapshot in _snapshots(path):
                snapshots.setdefault(snapshot["snapshot-id"], snapshot["summary"])
    new = [summary for sid, summary in snapshots.items() if sid not in known]
    return (
        sum(int(s.get("added-files-size", 0)) for s in new),
        sum(int(s.get("removed-files-size", 0)) for s in new),
    )


def _snapshots(metadata_file: str) -> list[dict]:
    return json.loads(Path(metadata_file).read_text()).get("snapshots", [])


def latest_commit_ms(spark, table: str) -> int:
    return spark.sql(
        f"SELECT unix_millis(max(committed_at)) AS ms FROM {table}.snapshots"
    ).first()["ms"]


@dataclass(frozen=True)
class Rows:
    """A multiset fingerprint of a table's rows, and the one row the benchmark updates."""

    count: int
    id_sum: int
    row_hash_sum: int | None
    key_values: tuple[float, ...]


def iceberg_rows(spark, table: str, columns: list[str], key: int) -> Rows:
    """Iceberg's rows through Spark: a sum of per-row hashes is equal exactly when the multisets
    are (up to hash collisions), whatever order the files are read in."""
    hashed = ", ".join(f"`{c}`" for c in columns)
    totals = spark.sql(
        f"SELECT count(*) AS n, sum(id) AS ids, "
        f"sum(cast(xxhash64({hashed}) AS decimal(38, 0))) AS hashes FROM {table}"
    ).first()
    values = spark.sql(f"SELECT value FROM {table} WHERE id = {key}").collect()
    return Rows(
        totals["n"],
        int(totals["ids"]),
        int(totals["hashes"]),
        tuple(sorted(r.value for r in values)),
    )


def dask_rows(data_root: str, key: int) -> Rows | None:
    """Dask's rows through the plain Hive read a scientist writes (no row hash: Dask has no
    xxhash64; the count, the id sum and the updated row show duplicates, losses and stale values).
    `None` when Dask cannot read the tree at all (e.g. a delete file in it has other columns)."""
    import dask
    import dask.dataframe as dd

    frame = dd.read_parquet(
        data_root, columns=["id", "value"], dataset={"partitioning": "hive"}
    )
    try:
        with dask.config.set(scheduler="threads", num_workers=2):
            count, ids, values = dask.compute(
                frame.id.count(), frame.id.sum(), frame[frame.id == key].value
            )
    except (KeyError, ValueError, OSError) as error:
        print(f"      Dask cannot read {data_root}: {type(error).__name__}: {error}")
        return None
    return Rows(int(count), int(ids), None, tuple(sorted(values.tolist())))


def same_rows(iceberg: Rows, dask_view: Rows | None) -> bool:
    return dask_view is not None and (
        iceberg.count,
        iceberg.id_sum,
        iceberg.key_values,
    ) == (
        dask_view.count,
        dask_view.id_sum,
        dask_view.key_values,
    )


def human_bytes(n: float) -> str:
    units = ("B", "KiB", "MiB", "GiB")
    power = 0
    while n >= 1024 and power < len(units) - 1:
        n /= 1024
        power += 1
    return f"{n:.0f} B" if power == 0 else f"{n:.2f} {units[power]}"
