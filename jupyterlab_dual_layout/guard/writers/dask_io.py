"""Dask writers: the module functions that ``DataFrame.to_parquet``/``to_csv``/``to_json`` call."""

from __future__ import annotations

import sys

from ..patching import Patcher
from . import at


def install(patcher: Patcher) -> None:
    names = (
        "dask.dataframe",
        "dask.dataframe.dask_expr",
        "dask.dataframe.dask_expr.io.parquet",
    )
    parquet = [sys.modules.get(name) for name in names]
    # A dataset folder: new files land anywhere below it, and overwrite=True empties it first.
    patcher.function(
        parquet, "to_parquet", at("dask.dataframe.to_parquet", 1, "path", "tree")
    )
    for name, module in (
        ("to_csv", "dask.dataframe.io.csv"),
        ("to_json", "dask.dataframe.io.json"),
    ):
        modules = [
            sys.modules.get("dask.dataframe"),
            sys.modules.get("dask.dataframe.io"),
            sys.modules.get(module),
        ]
        patcher.function(
            modules, name, at(f"dask.dataframe.{name}", 1, "filename", "tree")
        )
