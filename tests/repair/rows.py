"""Iceberg's rows of a table as multisets, read by Spark and by pyiceberg, so a repair can be
shown to change none of them (each reader is compared with itself, before and after)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pyarrow as pa


def multiset(table: pa.Table) -> Counter:
    return Counter(tuple(row.values()) for row in table.to_pylist())


def spark_rows(spark, qualified: str, ref: str | None = None) -> Counter:
    version = f" VERSION AS OF '{ref}'" if ref else ""
    return Counter(
        tuple(row) for row in spark.sql(f"SELECT * FROM {qualified}{version}").collect()
    )


@dataclass(frozen=True)
class IcebergRows:
    """The current snapshot's rows as Spark and pyiceberg read them."""

    spark: Counter
    pyiceberg: Counter

    @classmethod
    def read(cls, spark, qualified: str, pyiceberg_table) -> IcebergRows:
        return cls(
            spark_rows(spark, qualified), multiset(pyiceberg_table.scan().to_arrow())
        )
