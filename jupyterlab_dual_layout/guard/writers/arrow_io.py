"""pyarrow writers: Parquet, datasets, Feather, ORC, CSV and the filesystems' output streams.

pyarrow writes from C++, so Python's audit hook never sees these bytes. The module-level writers
are wrapped where they are bound; ``pyarrow.dataset``'s one internal write function is wrapped too,
so ``write_to_dataset`` and a ``write_dataset`` imported before the guard still pass a check. The
filesystem classes are extension types whose methods cannot be replaced: ``pyarrow.fs`` names
guarded subclasses instead, so filesystems a notebook builds check their writes.
"""

from __future__ import annotations

import sys

from ..patching import Patcher, guarded
from ..runtime import GUARD
from ..targets import arrow_url
from . import at, expand

_WRITE_MODES = ("w", "a", "x", "+")


class _StandIn(type):
    """A guarded subclass that ``isinstance`` treats as its base, so that objects pyarrow makes
    itself (``FileSystem.from_uri``) still pass the checks written against the public name.
    Classes derived from the stand-in (pyiceberg's) keep the ordinary checks."""

    #: The public class a stand-in replaces; set by ``_stand_in`` only, so derived classes lack it.
    _stands_for: type

    def __instancecheck__(cls, instance) -> bool:
        if "_stands_for" in cls.__dict__:
            return isinstance(instance, cls._stands_for)
        return type.__instancecheck__(cls, instance)

    def __subclasscheck__(cls, subclass) -> bool:
        if "_stands_for" in cls.__dict__:
            return issubclass(subclass, cls._stands_for)
        return type.__subclasscheck__(cls, subclass)


def _stand_in(base: type, namespace: dict) -> type:
    extra = {
        "_stands_for": base,
        "__module__": base.__module__,
        "__doc__": base.__doc__,
        "__qualname__": base.__qualname__,
    }
    return _StandIn(base.__name__, (base,), {**namespace, **extra})


def _writes(mode: object) -> bool:
    return isinstance(mode, str) and any(flag in mode for flag in _WRITE_MODES)


def install_files(patcher: Patcher) -> None:
    """pyarrow's own files: ``OSFile``, ``output_stream`` and memory maps opened for writing."""
    pyarrow = sys.modules["pyarrow"]
    modules = [pyarrow, sys.modules.get("pyarrow.lib")]
    patcher.function(modules, "output_stream", at("pyarrow.output_stream", 0, "source"))
    patcher.function(
        modules, "create_memory_map", at("pyarrow.create_memory_map", 0, "path")
    )
    patcher.function(modules, "memory_map", _memory_map)
    base = pyarrow.__dict__.get("OSFile")
    if isinstance(base, type):
        patcher.replace(pyarrow, "OSFile", _guarded_os_file(base))


def _memory_map(args: tuple, kwargs: dict):
    mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
    return (
        expand(
            f"pyarrow.memory_map(mode={mode!r})",
            args[0] if args else kwargs.get("path"),
            "write",
        )
        if _writes(mode)
        else ()
    )


def _guarded_os_file(base: type) -> type:
    # An extension type opens its file in __cinit__, which runs inside __new__: check before it.
    def __new__(cls, path, mode="r", *args, **kwargs):
        if _writes(mode):
            GUARD.check(f"pyarrow.OSFile(mode={mode!r})", path)
        return base.__new__(cls, path, mode, *args, **kwargs)

    return type(
        base.__name__,
        (base,),
        {"__new__": __new__, "__module__": "pyarrow", "__doc__": base.__doc__},
    )


def install_ipc(patcher: Patcher) -> None:
    ipc = sys.modules["pyarrow.ipc"]
    for name in ("RecordBatchFileWriter", "RecordBatchStreamWriter"):
        writer = getattr(ipc, name, None)
        if isinstance(writer, type):
            patcher.method(writer, "__init__", at(f"pyarrow.ipc.{name}", 1, "sink"))


def install_parquet(patcher: Patcher) -> None:
    modules = [
        sys.modules.get("pyarrow.parquet"),
        sys.modules.get("pyarrow.parquet.core"),
    ]
    from pyarrow.parquet import ParquetWriter

    patcher.method(
        ParquetWriter,
        "__init__",
        at("pyarrow.parquet.ParquetWriter", 1, "where", filesystem="filesystem"),
    )
    patcher.function(
        modules,
        "write_table",
        at("pyarrow.parquet.write_table", 1, "where", filesystem="filesystem"),
    )
    patcher.function(
        modules,
        "write_to_dataset",
        at(
            "pyarrow.parquet.write_to_dataset",
            1,
            "root_path",
            "tree",
            filesystem="filesystem",
        ),
    )
    patcher.function(
        modules,
        "write_metadata",
        at("pyarrow.parquet.write_metadata", 1, "where", filesystem="filesystem"),
    )


def _dataset_write(args: tuple, kwargs: dict):
    # (scanner, base_dir, basename_template, filesystem, …) as write_dataset resolved them.
    base_dir = args[1] if len(args) > 1 else None
    fs = args[3] if len(args) > 3 else None
    return expand("pyarrow.dataset.write_dataset", base_dir, "tree", fs)


def install_dataset(patcher: Patcher) -> None:
    dataset = sys.modules["pyarrow.dataset"]
    patcher.function(
        [dataset],
        "write_dataset",
        at(
            "pyarrow.dataset.write_dataset",
            1,
            "base_dir",
            "tree",
            filesystem="filesystem",
        ),
    )
    patcher.function([dataset], "_filesystemdataset_write", _dataset_write)


def install_feather(patcher: Patcher) -> None:
    feather = sys.modules["pyarrow.feather"]
    patcher.function(
        [feather], "write_feather", at("pyarrow.feather.write_feather", 1, "dest")
    )


def install_orc(patcher: Patcher) -> None:
    orc = sys.modules["pyarrow.orc"]
    patcher.function([orc], "write_table", at("pyarrow.orc.write_table", 1, "where"))
    writer = getattr(orc, "ORCWriter", None)
    if writer is not None:
        patcher.method(writer, "__init__", at("pyarrow.orc.ORCWriter", 1, "where"))


def install_csv(patcher: Patcher) -> None:
    modules = [sys.modules.get("pyarrow.csv"), sys.modules.get("pyarrow._csv")]
    patcher.function(
        modules, "write_csv", at("pyarrow.csv.write_csv", 1, "output_file")
    )


# method → [(index of a path after self, effect)]
_FS_METHODS = {
    "open_output_stream": [(1, "write")],
    "open_append_stream": [(1, "write")],
    "create_dir": [(1, "write")],
    "delete_file": [(1, "delete")],
    "delete_dir": [(1, "delete")],
    "delete_dir_contents": [(1, "tree")],
    "move": [(1, "delete"), (2, "write")],
    "copy_file": [(2, "write")],
}
_FS_CLASSES = (
    "LocalFileSystem",
    "S3FileSystem",
    "GcsFileSystem",
    "HadoopFileSystem",
    "SubTreeFileSystem",
)


def _fs_targets(method: str, places: list[tuple[int, str]]):
    def targets(args: tuple, kwargs: dict):
        fs = args[0]
        for index, effect in places:
            if len(args) > index and isinstance(args[index], str):
                url = arrow_url(fs, args[index])
                if url is not None:
                    yield f"pyarrow.fs.{type(fs).__name__}.{method}", url, effect

    return targets


def _guarded_class(base: type) -> type:
    return _stand_in(
        base,
        {
            name: guarded(getattr(base, name), _fs_targets(name, places))
            for name, places in _FS_METHODS.items()
        },
    )


def install_fs(patcher: Patcher) -> None:
    fs = sys.modules["pyarrow.fs"]
    for name in _FS_CLASSES:
        base = fs.__dict__.get(name)
        if isinstance(base, type):
            patcher.replace(fs, name, _guarded_class(base))
    patcher.function(
        [fs],
        "copy_files",
        at(
            "pyarrow.fs.copy_files",
            1,
            "destination",
            "tree",
            filesystem="destination_filesystem",
        ),
    )
