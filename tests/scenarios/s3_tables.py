"""Hazard tables on S3 (the loopback moto server), written by pyiceberg through its S3 FileIO."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog

from .pyiceberg_tables import IDENTITY_REGION, SCHEMA, observations
from .scenario import Scenario

NAMESPACE = "hz3"


class S3Tables:
    def __init__(self, s3, prefix: str, sqlite_path, catalog_name: str = "s3lake"):
        self.s3 = s3
        self.properties = {
            "type": "sql",
            "uri": f"sqlite:///{sqlite_path}",
            "warehouse": s3.uri(prefix),
            **s3.properties,
        }
        self.catalog = SqlCatalog(catalog_name, **self.properties)
        self.catalog.create_namespace_if_not_exists(NAMESPACE)

    @property
    def dask_storage_options(self) -> dict:
        return {
            "key": self.s3.access_key_id,
            "secret": self.s3.secret_access_key,
            "client_kwargs": {
                "endpoint_url": self.s3.endpoint,
                "region_name": self.s3.region,
            },
        }

    def _scenario(self, name: str, status: str, kinds=()) -> Scenario:
        table = self.catalog.load_table(f"{NAMESPACE}.{name}")
        snapshot = table.current_snapshot()
        assert snapshot is not None
        snapshot_id = snapshot.snapshot_id
        return Scenario(
            name=name,
            catalog=self.catalog.name,
            table=f"{NAMESPACE}.{name}",
            writer="pyiceberg+s3",
            status=status,
            kinds=frozenset(kinds),
            data_root=f"{table.location()}/data",
            iceberg_rows=lambda: (
                self.catalog.load_table(f"{NAMESPACE}.{name}")
                .scan(snapshot_id=snapshot_id)
                .to_arrow()
            ),
            extra={"storage_options": self.dask_storage_options},
        )

    def build_all(self) -> list[Scenario]:
        return [self.clean(), self.leftovers_and_orphan()]

    def clean(self):
        table = self.catalog.create_table(
            f"{NAMESPACE}.s3_clean", SCHEMA, partition_spec=IDENTITY_REGION
        )
        table.append(observations([1, 2, 3, 4], ["EU", "US", "a/b", "p+q"]))
        return self._scenario("s3_clean", "consistent")

    def leftovers_and_orphan(self):
        table = self.catalog.create_table(
            f"{NAMESPACE}.s3_leftovers", SCHEMA, partition_spec=IDENTITY_REGION
        )
        table.append(observations(range(1, 5)))
        table.overwrite(observations(range(10, 12)))
        buffer = io.BytesIO()
        pq.write_table(observations([99], ["EU"]), buffer)
        bucket, _, key = (
            f"{table.location()}/data/region=EU/orphan.parquet".removeprefix(
                "s3://"
            ).partition("/")
        )
        self.s3.client().put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
        return self._scenario("s3_leftovers", "drift", {"stale-file"})
