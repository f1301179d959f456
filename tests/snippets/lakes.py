"""One lake per catalog kind the snippets must work against, each with its `.pyiceberg.yaml`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyarrow as pa
from pyiceberg.table import Table

from .tables import NAMESPACE, observations, write_pyiceberg_yaml


@dataclass(frozen=True)
class SnippetLake:
    """A catalog as a notebook sees it: its name in `.pyiceberg.yaml` and how to scan its tables."""

    kind: str
    catalog: str
    home: Path
    #: ``table name → pyiceberg Table`` (for the ground truth scan of the current snapshot).
    load: Callable[[str], Table]
    #: Variables the CLI and the kernel need besides PYICEBERG_HOME (never S3 keys: they are referenced).
    env: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> str:
        return f"{self.catalog}.{NAMESPACE}.{name}"

    def iceberg_rows(self, name: str) -> pa.Table:
        return self.load(name).scan().to_arrow()


def pyiceberg_lake(
    kind: str, catalog, properties: dict[str, str], home: Path
) -> SnippetLake:
    write_pyiceberg_yaml(home, {catalog.name: properties})
    return SnippetLake(
        kind, catalog.name, home, lambda name: catalog.load_table(f"{NAMESPACE}.{name}")
    )


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, datetime.datetime):
        return f"TIMESTAMP_NTZ '{value.isoformat(sep=' ')}'"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def spark_hadoop_lake(spark, spark_lakehouse, home: Path) -> SnippetLake:
    """Observations written by Spark into the Hadoop catalog (the layout pyiceberg cannot write)."""
    from pyiceberg.table import StaticTable

    catalog = spark_lakehouse.hadoop_catalog_name
    table = f"{catalog}.{NAMESPACE}.observations"
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{NAMESPACE}")
    spark.sql(f"DROP TABLE IF EXISTS {table}")
    spark.sql(
        f"CREATE TABLE {table} (obs_id BIGINT, region STRING, obs_time TIMESTAMP_NTZ, obs_date DATE, value DOUBLE) "
        "USING iceberg PARTITIONED BY (region, days(obs_time))"
    )
    rows = observations(range(30)).to_pylist()
    values = ", ".join(
        "(" + ", ".join(_sql_literal(v) for v in row.values()) + ")" for row in rows
    )
    spark.sql(f"INSERT INTO {table} VALUES {values}")
    write_pyiceberg_yaml(
        home,
        {
            catalog: {
                "type": "hadoop",
                "warehouse": spark_lakehouse.hadoop_warehouse.as_uri(),
            }
        },
    )

    def load(name: str):
        metadata = spark_lakehouse.hadoop_warehouse / NAMESPACE / name / "metadata"
        version = (metadata / "version-hint.text").read_text().strip()
        return StaticTable.from_metadata(str(metadata / f"v{version}.metadata.json"))

    return SnippetLake("hadoop", catalog, home, load)
