"""pandas writers: pandas 3 hands Parquet, Feather and ORC output to pyarrow's C++ file objects."""

from __future__ import annotations

import sys

from ..patching import Patcher
from . import at, expand

# method → (index of the path after self, its keyword)
_PATH_METHODS = {
    "to_csv": "path_or_buf",
    "to_json": "path_or_buf",
    "to_pickle": "path",
    "to_hdf": "path_or_buf",
    "to_excel": "excel_writer",
    "to_feather": "path",
    "to_orc": "path",
    "to_stata": "path",
    "to_xml": "path_or_buffer",
}


def _to_parquet(args: tuple, kwargs: dict):
    where = args[1] if len(args) > 1 else kwargs.get("path")
    # With partition columns the path is a folder that receives new files below it.
    effect = "tree" if kwargs.get("partition_cols") else "write"
    return expand(
        "pandas DataFrame.to_parquet", where, effect, kwargs.get("filesystem")
    )


def _named_after_caller(name: str, keyword: str):
    """Methods defined on NDFrame are reported as DataFrame's or Series', as the notebook called them."""

    def targets(args: tuple, kwargs: dict):
        return at(
            f"pandas {type(args[0]).__name__}.{name}",
            1,
            keyword,
            filesystem="filesystem",
        )(args, kwargs)

    return targets


def install(patcher: Patcher) -> None:
    pandas = sys.modules["pandas"]
    from pandas.core.generic import NDFrame

    for cls in (NDFrame, pandas.DataFrame, pandas.Series):
        patcher.method(cls, "to_parquet", _to_parquet)
        for name, keyword in _PATH_METHODS.items():
            patcher.method(cls, name, _named_after_caller(name, keyword))
