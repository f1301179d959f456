"""polars writers: ``DataFrame.write_*`` and ``LazyFrame.sink_*`` write from Rust."""

from __future__ import annotations

import sys

from ..patching import Patcher
from . import at

# Writers whose target is not a storage path (a database URI, the clipboard).
_NOT_STORAGE = frozenset({"write_database", "write_clipboard", "write_iceberg"})


def install(patcher: Patcher) -> None:
    polars = sys.modules["polars"]
    for cls, prefix in ((polars.DataFrame, "write_"), (polars.LazyFrame, "sink_")):
        for name in list(cls.__dict__):
            if name.startswith(prefix) and name not in _NOT_STORAGE:
                # `partition_by` or a Delta table turns the target into a folder written below.
                patcher.method(
                    cls,
                    name,
                    at(f"polars {cls.__name__}.{name}", 1, _keyword(name), "tree"),
                )


def _keyword(name: str) -> str:
    if name == "write_delta":
        return "target"
    if name == "write_excel":
        return "workbook"
    return "path" if name.startswith("sink_") else "file"
