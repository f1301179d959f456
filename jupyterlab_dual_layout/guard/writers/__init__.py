"""The Python entry points of writers that do not pass through Python's own file functions.

Each module here wraps one library's writers; ``installers()`` maps the module whose import completes
the library to the function that wraps it. A target is decided from the call's arguments before
the writer runs, so a refused write never starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..patching import Patcher, Targets
from ..targets import arrow_url, as_text, fsspec_url


def argument(args: tuple, kwargs: dict, index: int, name: str):
    return args[index] if len(args) > index else kwargs.get(name)


def at(
    operation: str,
    index: int,
    name: str,
    effect: str = "write",
    filesystem: str | None = None,
) -> Targets[str]:
    """The target is argument ``index`` (or keyword ``name``), on the filesystem keyword if given."""

    def targets(args: tuple, kwargs: dict) -> Iterator[tuple[str, str, str]]:
        where = argument(args, kwargs, index, name)
        fs = kwargs.get(filesystem) if filesystem else None
        return expand(operation, where, effect, fs)

    return targets


def expand(
    operation: str, where: object, effect: str, fs: object = None
) -> Iterator[tuple[str, str, str]]:
    """One target per path in ``where`` (a path, a list of paths, or a dict keyed by path)."""
    if isinstance(where, (list, tuple, set, frozenset)):
        for item in where:
            yield from expand(operation, item, effect, fs)
        return
    if isinstance(where, dict):
        yield from expand(operation, list(where), effect, fs)
        return
    text = as_text(where)
    if text is None:
        return
    if fs is not None:
        text = filesystem_url(fs, text)
        if text is None:
            return
    yield operation, text, effect


def filesystem_url(fs: object, path: str) -> str | None:
    """Where ``path`` lies on a pyarrow or fsspec filesystem."""
    if hasattr(fs, "type_name"):
        return arrow_url(fs, path)
    if hasattr(fs, "_strip_protocol") and hasattr(fs, "protocol"):
        return fsspec_url(fs, path)
    return None


def installers() -> dict[str, Callable[[Patcher], None]]:
    from . import (
        arrow_io,
        boto_io,
        dask_io,
        fsspec_io,
        iceberg_io,
        pandas_io,
        polars_io,
        spark_io,
    )

    return {
        "pandas": pandas_io.install,
        "pyarrow": arrow_io.install_files,
        "pyarrow.ipc": arrow_io.install_ipc,
        "pyarrow.parquet": arrow_io.install_parquet,
        "pyarrow.dataset": arrow_io.install_dataset,
        "pyarrow.fs": arrow_io.install_fs,
        "pyarrow.feather": arrow_io.install_feather,
        "pyarrow.orc": arrow_io.install_orc,
        "pyarrow.csv": arrow_io.install_csv,
        "fsspec": fsspec_io.install,
        "botocore.client": boto_io.install,
        "dask.dataframe": dask_io.install,
        "polars": polars_io.install,
        "pyiceberg.table": iceberg_io.install_table,
        "pyiceberg.catalog": iceberg_io.install_catalog,
        "pyspark.sql.session": spark_io.install_sql,
        "pyspark.sql.connect.session": spark_io.install_connect,
        "py4j.java_gateway": spark_io.install_py4j,
    }
