"""Build the benchmark table: N data files registered through pyiceberg's fast_append, and the
same N files in the storage listing (hard links to one small Parquet file, so N files cost
one file's bytes). The last APPEND_FILES files are one small commit of their own, so the bench
can check the snapshot before it and then re-check after "one small append" in one process.
Cached: a second run with the same N reuses the table."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.manifest import DataFile, DataFileContent, FileFormat
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.typedef import Record
from pyiceberg.types import DoubleType, LongType, NestedField, StringType

SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
    NestedField(3, "value", DoubleType(), required=False),
)
SPEC = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))
REGIONS = 200
FILES_PER_COMMIT = 20_000
LINKS_PER_TEMPLATE = 50_000
IDENTIFIER = "bench.observations"
#: The last commit: a small append, for the re-check measurement.
APPEND_FILES = 10


def build(workdir: Path, files: int) -> dict:
    marker = workdir / f"built-{files}.json"
    if marker.exists():
        return json.loads(marker.read_text())
    workdir = workdir.resolve()
    if workdir.exists():
        shutil.rmtree(workdir)  # an interrupted build: start over
    workdir.mkdir(parents=True)
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{workdir / 'catalog.db'}",
        "warehouse": (workdir / "warehouse").as_uri(),
    }
    catalog = SqlCatalog("bench", **properties)
    catalog.create_namespace_if_not_exists("bench")
    table = catalog.create_table(IDENTIFIER, SCHEMA, partition_spec=SPEC)
    data_root = Path(table.location().removeprefix("file://")) / "data"

    # File systems cap hard links per file (ext4: 65,000): one template per LINKS_PER_TEMPLATE files.
    templates = []
    for n in range((files + LINKS_PER_TEMPLATE - 1) // LINKS_PER_TEMPLATE):
        template = workdir / f"template-{n}.parquet"
        pq.write_table(
            pa.table(
                {"id": pa.array([n], pa.int64()), "region": ["r"], "value": [1.0]}
            ),
            template,
        )
        templates.append(template)
    sizes = [t.stat().st_size for t in templates]
    started = time.perf_counter()
    bulk = max(0, files - APPEND_FILES)
    commits = [
        (first, min(first + FILES_PER_COMMIT, bulk))
        for first in range(0, bulk, FILES_PER_COMMIT)
    ]
    commits.append((bulk, files))
    parent_snapshot_id = None
    for first, end in commits:
        parent_snapshot_id = table.metadata.current_snapshot_id
        batch = []
        for i in range(first, end):
            region = f"r{i % REGIONS:03d}"
            path = data_root / f"region={region}" / f"{i:07d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            os.link(templates[i // LINKS_PER_TEMPLATE], path)
            batch.append(
                DataFile.from_args(
                    content=DataFileContent.DATA,
                    file_path=f"file://{path}",
                    file_format=FileFormat.PARQUET,
                    partition=Record(region),
                    record_count=1,
                    file_size_in_bytes=sizes[i // LINKS_PER_TEMPLATE],
                )
            )
        with table.transaction() as tx, tx.update_snapshot().fast_append() as append:
            for data_file in batch:
                append.append_data_file(data_file)
        table = catalog.load_table(IDENTIFIER)
    info = {
        "properties": properties,
        "table": f"bench.{IDENTIFIER}",
        "data_root": str(data_root),
        "files": files,
        "append_files": files - bulk,
        "before_append_snapshot_id": str(parent_snapshot_id),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    marker.write_text(json.dumps(info))
    return info
