"""A lakehouse with protected tables (local, built by pyiceberg; and on loopback S3) and one guarded kernel."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures.s3 import S3Server
from tests.guard.kernel import Kernel

LOCAL_TABLE = "local.sci.obs"
S3_TABLE = "s3lake.sci.obs"


@dataclass(frozen=True)
class GuardLake:
    root: Path
    #: The protected pyiceberg table's folder (its location), and a scratch folder inside it that is allowed.
    table_dir: Path
    scratch: Path
    curated: Path
    work: Path
    catalog_uri: str
    warehouse: str
    s3: S3Server
    s3_table: str
    policy_file: Path

    def write_policy(self, mode: str = "warn") -> None:
        policy = {
            "protected": [
                {"table": LOCAL_TABLE, "location": self.table_dir.as_uri()},
                {"table": S3_TABLE, "location": self.s3_table},
            ],
            "protectedPaths": [str(self.curated)],
            "allowedPaths": [str(self.scratch)],
            "mode": mode,
        }
        # Written beside and renamed, as a policy must be replaced: a reader never sees half a file.
        partial = self.policy_file.with_suffix(".partial")
        partial.write_text(json.dumps(policy))
        partial.replace(self.policy_file)

    def local_state(self) -> dict[str, tuple[int, int]]:
        """Every file and folder of the protected table and the curated path, with size and mtime."""
        state = {}
        for top in (self.table_dir, self.curated):
            for path in [top, *top.rglob("*")]:
                info = path.lstat()
                state[str(path)] = (info.st_size, info.st_mtime_ns)
        return state

    def s3_state(self) -> dict[str, str]:
        bucket, _, prefix = self.s3_table.removeprefix("s3://").partition("/")
        pages = (
            self.s3.client()
            .get_paginator("list_objects_v2")
            .paginate(Bucket=bucket, Prefix=prefix)
        )
        return {
            item["Key"]: item["ETag"]
            for page in pages
            for item in page.get("Contents", [])
        }


@pytest.fixture(scope="package")
def guard_lake(tmp_path_factory, s3_server: S3Server) -> GuardLake:
    import pyarrow as pa
    from pyiceberg.catalog.sql import SqlCatalog

    root = tmp_path_factory.mktemp("guard").resolve()
    warehouse = root / "lake" / "wh"
    warehouse.mkdir(parents=True)
    catalog_uri = f"sqlite:///{root / 'catalog.db'}"
    catalog = SqlCatalog("local", uri=catalog_uri, warehouse=warehouse.as_uri())
    catalog.create_namespace("sci")
    table = catalog.create_table(
        "sci.obs", schema=pa.schema([("obs_id", pa.int64()), ("value", pa.float64())])
    )
    table.append(pa.table({"obs_id": [1, 2], "value": [0.5, 1.5]}))
    table_dir = Path(table.metadata.location.removeprefix("file://"))
    scratch = table_dir / "scratch"
    scratch.mkdir()
    curated = root / "curated"
    curated.mkdir()
    (curated / "kept.csv").write_text("a\n1\n")
    work = root / "work"
    (work / "mods").mkdir(parents=True)
    s3_table = s3_server.uri(f"guard-{uuid.uuid4().hex[:8]}", "wh", "sci", "obs")
    bucket, _, prefix = s3_table.removeprefix("s3://").partition("/")
    client = s3_server.client()
    for key in ("data/part-0.parquet", "metadata/v1.metadata.json"):
        client.put_object(Bucket=bucket, Key=f"{prefix}/{key}", Body=b"seed")
    lake = GuardLake(
        root=root,
        table_dir=table_dir,
        scratch=scratch,
        curated=curated,
        work=work,
        catalog_uri=catalog_uri,
        warehouse=warehouse.as_uri(),
        s3=s3_server,
        s3_table=s3_table,
        policy_file=root / "policy.json",
    )
    lake.write_policy()
    return lake


@pytest.fixture(scope="package")
def guarded_kernel(guard_lake: GuardLake) -> Iterator[Kernel]:
    env = {
        "DUAL_LAYOUT_POLICY": str(guard_lake.policy_file),
        "DL_LOCAL_TABLE": str(guard_lake.table_dir),
        "DL_S3_TABLE": guard_lake.s3_table,
        "DL_CATALOG_URI": guard_lake.catalog_uri,
        "DL_WAREHOUSE": guard_lake.warehouse,
        **guard_lake.s3.env,
    }
    kernel = Kernel(env, cwd=str(guard_lake.work))
    try:
        kernel.ok("%load_ext jupyterlab_dual_layout.guard\nimport os, sys, shutil")
        yield kernel
    finally:
        kernel.shutdown()


@pytest.fixture
def kernel(guarded_kernel: Kernel, guard_lake: GuardLake) -> Kernel:
    """The shared kernel, in warn mode with no allowance pending, as each test expects to find it."""
    guard_lake.write_policy("warn")
    # A cell consumes an allowance left for "the next cell" and reloads the policy.
    guarded_kernel.ok("pass")
    return guarded_kernel
