"""What a hazard scenario is: a table, the verdict we expect, and how to read its Iceberg view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pyarrow as pa


@dataclass(frozen=True)
class Scenario:
    name: str
    catalog: str
    #: Identifier inside the catalog, e.g. ``hz.clean_identity``.
    table: str
    writer: str
    #: Status the verifier must report: `consistent` or `drift`, as Dask's rows dictate.
    status: str
    #: Finding kinds that must be present (others may be too).
    kinds: frozenset[str]
    #: The Dask root a scientist would read (a local path).
    data_root: str
    #: The Iceberg view of the checked snapshot.
    iceberg_rows: Callable[[], pa.Table]
    #: `--snapshot` selector (branch, tag or id); the current snapshot when ``None``.
    snapshot: str | None = None
    #: `Verdict.layout.kind` the verifier must report.
    layout: str = "hive"
    extra: dict = field(default_factory=dict)

    @property
    def qualified(self) -> str:
        return f"{self.catalog}.{self.table}"
