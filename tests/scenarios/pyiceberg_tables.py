"""Hazard tables written by pyiceberg on the shared SQL catalog (SQLite, local warehouse)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.parquet as pq
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import (
    BucketTransform,
    DayTransform,
    IdentityTransform,
    Transform,
    TruncateTransform,
)
from pyiceberg.types import (
    DoubleType,
    IntegerType,
    LongType,
    NestedField,
    StringType,
    TimestampType,
)

from .scenario import Scenario

NAMESPACE = "hz"

SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "obs_time", TimestampType(), required=False),
    NestedField(4, "value", DoubleType(), required=False),
)


def local_path(uri: str) -> str:
    return urlparse(uri).path if uri.startswith("file:") else uri


def observations(ids, regions=None, day=2) -> pa.Table:
    ids = list(ids)
    regions = regions or ["EU" if i % 2 else "US" for i in ids]
    return pa.table(
        {
            "id": pa.array(ids, pa.int64()),
            "region": pa.array(regions, pa.string()),
            "obs_time": pa.array(
                [dt.datetime(2024, 1, day, i % 24) for i in ids], pa.timestamp("us")
            ),
            "value": pa.array([i * 1.5 for i in ids], pa.float64()),
        }
    )


def spec(*fields: tuple[int, int, Transform, str]) -> PartitionSpec:
    return PartitionSpec(
        *(
            PartitionField(source, field_id, transform, name)
            for source, field_id, transform, name in fields
        )
    )


def with_kind(table: pa.Table, kinds) -> pa.Table:
    return table.append_column("kind", pa.array(kinds, pa.string()))


IDENTITY_REGION = spec((2, 1000, IdentityTransform(), "region"))
BUCKET_ID = spec((1, 1000, BucketTransform(2), "id_bucket"))


class PyicebergTables:
    """Builds each scenario in its own table; `catalog` is pyiceberg's SqlCatalog on the shared database."""

    def __init__(self, catalog, scratch: Path, namespace: str = NAMESPACE):
        self.catalog = catalog
        self.scratch = scratch
        self.namespace = namespace
        catalog.create_namespace_if_not_exists(namespace)

    def _create(
        self, name, partition_spec=IDENTITY_REGION, schema=SCHEMA, properties=None
    ):
        return self.catalog.create_table(
            f"{self.namespace}.{name}",
            schema,
            partition_spec=partition_spec,
            properties=properties or {},
        )

    def _scenario(
        self, name, status, kinds=(), snapshot=None, layout="hive", **extra
    ) -> Scenario:
        table = self.catalog.load_table(f"{self.namespace}.{name}")
        root = table.properties.get("write.data.path") or f"{table.location()}/data"
        snapshot_id = (
            table.current_snapshot().snapshot_id if table.current_snapshot() else None
        )

        def rows(identifier=f"{self.namespace}.{name}", snapshot_id=snapshot_id):
            return (
                self.catalog.load_table(identifier)
                .scan(snapshot_id=snapshot_id)
                .to_arrow()
            )

        return Scenario(
            name=name,
            catalog=self.catalog.name,
            table=f"{self.namespace}.{name}",
            writer="pyiceberg",
            status=status,
            kinds=frozenset(kinds),
            data_root=local_path(root),
            iceberg_rows=rows,
            snapshot=snapshot,
            layout=layout,
            **extra,
        )

    def build_all(self) -> list[Scenario]:
        return [
            self.clean_identity(),
            self.identity_space_and_null(),
            self.clean_transforms(),
            self.identity_and_transform(),
            self.identity_on_long(),
            self.overwrite_leftovers(),
            self.delete_leftovers(),
            self.expired_snapshots(),
            self.orphan_file(),
            self.add_files_outside(),
            self.wrong_directory(),
            self.data_path_moved(),
            self.renamed_column(),
            self.dropped_and_readded(),
            self.promoted_type(),
            self.promoted_type_new_first(),
            self.spec_evolution(),
            self.identity_field_added(),
            self.dropped_partition_field(),
            self.object_storage(),
            self.unpartitioned(),
            self.dropped_column_new_first(),
            self.dropped_column_old_first(),
            self.empty_table(),
        ]

    def clean_identity(self):
        """URL-escaped values Dask decodes as Iceberg wrote them (slash, percent, plus)."""
        table = self._create("clean_identity")
        table.append(observations([1, 2, 3, 4], ["EU", "a/b", "x%y", "p+q"]))
        return self._scenario("clean_identity", "consistent")

    def identity_space_and_null(self):
        """pyiceberg writes a space as `+` and null as `region=null`; pyarrow keeps the `+` and
        reads `null` as text, so Dask's filters for those values skip their directories."""
        table = self._create("identity_space_and_null")
        table.append(observations([1, 2, 3], ["EU", "a b", None]))
        return self._scenario(
            "identity_space_and_null", "drift", {"partition-mismatch"}
        )

    def clean_transforms(self):
        """day, bucket and truncate partitions: directory names are not file columns."""
        table = self._create(
            "clean_transforms",
            spec(
                (3, 1000, DayTransform(), "obs_time_day"),
                (1, 1001, BucketTransform(4), "id_bucket"),
                (2, 1002, TruncateTransform(1), "region_trunc"),
            ),
        )
        table.append(
            observations(range(1, 9), ["EU", "US", "EU", "AS", "EU", None, "US", "EU"])
        )
        return self._scenario("clean_transforms", "consistent", {"extra-column"})

    def identity_and_transform(self):
        """region stored in the files, obs_time_day not: Dask refuses the mix."""
        table = self._create(
            "identity_and_transform",
            spec(
                (2, 1000, IdentityTransform(), "region"),
                (3, 1001, DayTransform(), "obs_time_day"),
            ),
        )
        table.append(observations(range(1, 5)))
        return self._scenario("identity_and_transform", "drift", {"schema-drift"})

    def identity_on_long(self):
        """Directory `id=1` reads as int32 while the files store int64: pyarrow cannot merge."""
        table = self._create(
            "identity_on_long", spec((1, 1000, IdentityTransform(), "id"))
        )
        table.append(observations([1, 2]))
        return self._scenario("identity_on_long", "drift", {"schema-drift"})

    def overwrite_leftovers(self):
        table = self._create("overwrite_leftovers")
        table.append(observations(range(1, 5)))
        table.overwrite(observations(range(10, 13)))
        return self._scenario("overwrite_leftovers", "drift", {"stale-file"})

    def delete_leftovers(self):
        """A row delete rewrites its file (copy-on-write); the old file stays in the tree."""
        table = self._create("delete_leftovers")
        table.append(observations(range(1, 7)))
        table.delete(delete_filter="id == 3")
        return self._scenario("delete_leftovers", "drift", {"stale-file"})

    def expired_snapshots(self):
        """Expiring snapshots in pyiceberg removes them from metadata but never deletes their files."""
        table = self._create("expired_snapshots")
        table.append(observations(range(1, 4)))
        table.overwrite(observations(range(20, 23)))
        current = table.current_snapshot().snapshot_id
        old = [s.snapshot_id for s in table.snapshots() if s.snapshot_id != current]
        table.maintenance.expire_snapshots().by_ids(old).commit()
        return self._scenario("expired_snapshots", "drift", {"stale-file"})

    def orphan_file(self):
        """A writer died after writing its Parquet file and before committing."""
        table = self._create("orphan_file")
        table.append(observations(range(1, 5)))
        orphan = (
            Path(local_path(table.location()))
            / "data"
            / "region=EU"
            / "00000-9-orphan-of-a-failed-write.parquet"
        )
        pq.write_table(observations([99], ["EU"]), orphan)
        return self._scenario("orphan_file", "drift", {"stale-file"})

    def dask_metadata_summary(self):
        """A `_metadata` summary at the root, written after the first append: Dask reads the
        files it names instead of listing, so the second append's rows are missing."""
        table = self._create("dask_metadata_summary")
        table.append(observations(range(1, 5)))
        root = Path(local_path(table.location())) / "data"
        parquet = sorted(root.rglob("*.parquet"))
        collected = []
        for path in parquet:
            metadata = pq.read_metadata(path)
            metadata.set_file_path(path.relative_to(root).as_posix())
            collected.append(metadata)
        pq.write_metadata(
            pq.read_schema(parquet[0]), root / "_metadata", metadata_collector=collected
        )
        table.append(observations(range(5, 9)))
        return self._scenario("dask_metadata_summary", "drift", {"stale-file"})

    def add_files_outside(self):
        """add_files registers a file where it is, outside the table's data root."""
        table = self._create("add_files_outside")
        table.append(observations(range(1, 3)))
        outside = self.scratch / self.namespace / "add_files_outside" / "region=EU"
        outside.mkdir(parents=True)
        pq.write_table(
            observations([41, 43], ["EU", "EU"]), outside / "imported.parquet"
        )
        table.add_files([str(outside / "imported.parquet")])
        return self._scenario("add_files_outside", "drift", {"unlisted-file"})

    def wrong_directory(self):
        """A file of region EU placed under region=US/ and registered with add_files."""
        table = self._create("wrong_directory")
        table.append(observations(range(1, 5)))
        wrong = (
            Path(local_path(table.location()))
            / "data"
            / "region=US"
            / "misplaced-eu.parquet"
        )
        pq.write_table(observations([51, 53], ["EU", "EU"]), wrong)
        table.add_files([str(wrong)])
        # The plain read takes region from the files; a filter on region prunes by directory.
        return self._scenario("wrong_directory", "drift", {"partition-mismatch"})

    def data_path_moved(self):
        """write.data.path changed after the first write: the old files are live but outside the new root."""
        table = self._create("data_path_moved")
        table.append(observations(range(1, 4)))
        new_root = f"{table.location()}/data-v2"
        with table.transaction() as tx:
            tx.set_properties({"write.data.path": new_root})
        table = self.catalog.load_table(f"{self.namespace}.data_path_moved")
        table.append(observations(range(4, 7)))
        return self._scenario("data_path_moved", "drift", {"unlisted-file"})

    def renamed_column(self):
        table = self._create("renamed_column", BUCKET_ID)
        table.append(observations(range(1, 4)))
        with table.update_schema() as update:
            update.rename_column("value", "reading")
        table = self.catalog.load_table(f"{self.namespace}.renamed_column")
        table.append(
            observations(range(4, 7)).rename_columns(
                ["id", "region", "obs_time", "reading"]
            )
        )
        return self._scenario("renamed_column", "drift", {"schema-drift"})

    def dropped_and_readded(self):
        """`value` dropped and added again: old files' `value` is a different column to Iceberg."""
        table = self._create("dropped_and_readded", BUCKET_ID)
        table.append(observations(range(1, 4)))
        with table.update_schema() as update:
            update.delete_column("value")
        with self.catalog.load_table(
            f"{self.namespace}.dropped_and_readded"
        ).update_schema() as update:
            update.add_column("value", DoubleType())
        table = self.catalog.load_table(f"{self.namespace}.dropped_and_readded")
        table.append(observations(range(4, 7)))
        return self._scenario("dropped_and_readded", "drift", {"schema-drift"})

    def _promoted(self, name, old_regions, new_region):
        """An int column promoted to long: old files store int32, appended ones int64."""
        schema = Schema(
            NestedField(1, "id", LongType(), required=False),
            NestedField(2, "region", StringType(), required=False),
            NestedField(3, "count", IntegerType(), required=False),
        )
        table = self._create(name, IDENTITY_REGION, schema)
        table.append(
            pa.table(
                {
                    "id": pa.array(range(1, len(old_regions) + 1), pa.int64()),
                    "region": old_regions,
                    "count": pa.array(range(7, 7 + len(old_regions)), pa.int32()),
                }
            )
        )
        with table.update_schema() as update:
            update.update_column("count", LongType())
        self.catalog.load_table(f"{self.namespace}.{name}").append(
            pa.table(
                {
                    "id": pa.array([9], pa.int64()),
                    "region": [new_region],
                    "count": pa.array([2**40], pa.int64()),
                }
            )
        )

    def promoted_type(self):
        """The first file Dask lists (region=EU) is an old int32 one: its filtered reads keep int32."""
        self._promoted("promoted_type", ["EU", "US"], "US")
        return self._scenario("promoted_type", "drift", {"schema-drift"})

    def promoted_type_new_first(self):
        """The first file Dask lists (region=AS) stores int64: Dask reads every file as int64."""
        self._promoted("promoted_type_new_first", ["EU", "US"], "AS")
        return self._scenario("promoted_type_new_first", "consistent", {"schema-drift"})

    def spec_evolution(self):
        """bucket(id) first, then day(obs_time) added: two directory depths."""
        table = self._create("spec_evolution", BUCKET_ID)
        table.append(observations(range(1, 4)))
        with table.update_spec() as update:
            update.add_field("obs_time", DayTransform(), "obs_time_day")
        table = self.catalog.load_table(f"{self.namespace}.spec_evolution")
        table.append(observations(range(4, 7)))
        # Neither key is stored in the files: the old files lack obs_time_day, a KeyError.
        return self._scenario(
            "spec_evolution", "drift", {"spec-evolution"}, layout="hive-mixed"
        )

    def identity_field_added(self):
        """An identity field added on a stored column: two directory depths, every key stored."""
        schema = Schema(
            *SCHEMA.fields, NestedField(5, "kind", StringType(), required=False)
        )
        table = self._create("identity_field_added", IDENTITY_REGION, schema)
        table.append(with_kind(observations(range(1, 5)), ["a", "b", None, "a"]))
        with table.update_spec() as update:
            update.add_identity("kind")
        self.catalog.load_table(f"{self.namespace}.identity_field_added").append(
            with_kind(observations(range(5, 9)), ["a", "b", "b", "c"])
        )
        return self._scenario(
            "identity_field_added",
            "consistent",
            {"spec-evolution"},
            layout="hive-mixed",
        )

    def dropped_partition_field(self):
        """region dropped from the spec: the new files sit at the root, region still stored."""
        table = self._create("dropped_partition_field")
        table.append(observations(range(1, 5)))
        with table.update_spec() as update:
            update.remove_field("region")
        self.catalog.load_table(f"{self.namespace}.dropped_partition_field").append(
            observations(range(5, 9))
        )
        return self._scenario(
            "dropped_partition_field",
            "consistent",
            {"spec-evolution"},
            layout="hive-mixed",
        )

    def object_storage(self):
        """pyiceberg's object-storage location provider: hashed directories above region=…"""
        table = self._create(
            "object_storage", properties={"write.object-storage.enabled": "true"}
        )
        table.append(observations(range(1, 7)))
        return self._scenario("object_storage", "consistent", layout="object-storage")

    def unpartitioned(self):
        table = self._create("unpartitioned", PartitionSpec())
        table.append(observations(range(1, 4)))
        return self._scenario("unpartitioned", "consistent", layout="unpartitioned")

    def _dropped_column(self, name, old_regions, new_regions):
        table = self._create(name)
        table.append(observations(range(1, len(old_regions) + 1), old_regions))
        with table.update_schema() as update:
            update.delete_column("value")
        self.catalog.load_table(f"{self.namespace}.{name}").append(
            observations(range(10, 10 + len(new_regions)), new_regions).drop_columns(
                ["value"]
            )
        )

    def dropped_column_new_first(self):
        """`value` dropped, then appends: the first file Dask lists is new, so the old files'
        `value` is an extra column Dask ignores."""
        self._dropped_column("dropped_column_new_first", ["US", "US"], ["EU", "US"])
        return self._scenario("dropped_column_new_first", "consistent")

    def dropped_column_old_first(self):
        """`value` dropped, then appends: the first file Dask lists is old, so Dask selects
        `value` from the new files too, which lack it (KeyError)."""
        self._dropped_column("dropped_column_old_first", ["EU", "US"], ["US"])
        return self._scenario(
            "dropped_column_old_first", "drift", {"schema-drift", "extra-column"}
        )

    def empty_table(self):
        """No snapshot yet: Iceberg reads no rows, Dask raises on a tree without files."""
        self._create("empty_table")
        return self._scenario("empty_table", "drift", {"schema-drift"})
