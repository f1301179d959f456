"""fsspec filesystems (local, s3fs, gcsfs, …) and their async methods, which s3fs implements.

Writers are methods that subclasses override, so each class defining one is wrapped, now for the
classes already defined and through ``__init_subclass__`` for those defined later (s3fs imported
after the guard). s3fs's synchronous methods are made per instance from the async ones, which stay
coroutine functions when wrapped, so both reach the check. Cached instances made before the guard
keep unwrapped bound methods and are dropped from fsspec's instance cache.
"""

from __future__ import annotations

import sys

from ..patching import Patcher, subclasses
from ..targets import fsspec_url
from . import argument, expand

_WRITE_MODES = ("w", "a", "x", "+")
# method → [(index of a path after self, keyword, effect)]
_PATH = [(1, "path", "write")]
_REMOVE = [(1, "path", "delete")]
_MOVE = [(1, "path1", "delete"), (2, "path2", "write")]
_COPY = [(2, "path2", "write")]
_PUT = [(2, "rpath", "write")]
_METHODS = {
    "pipe_file": _PATH,
    "pipe": _PATH,
    "write_bytes": _PATH,
    "write_text": _PATH,
    "touch": _PATH,
    "mkdir": _PATH,
    "makedirs": _PATH,
    "mkdirs": _PATH,
    "put_file": _PUT,
    "put": _PUT,
    "upload": _PUT,
    "rm_file": _REMOVE,
    "rm": _REMOVE,
    "_rm": _REMOVE,
    "rmdir": _REMOVE,
    "delete": _REMOVE,
    "mv": _MOVE,
    "move": _MOVE,
    "rename": _MOVE,
    "cp_file": _COPY,
    "copy": _COPY,
    "cp": _COPY,
    "_pipe_file": _PATH,
    "_pipe": _PATH,
    "_touch": _PATH,
    "_mkdir": _PATH,
    "_makedirs": _PATH,
    "_put_file": _PUT,
    "_put": _PUT,
    "_rm_file": _REMOVE,
    "_rmdir": _REMOVE,
    "_mv": _MOVE,
    "_cp_file": _COPY,
    "_copy": _COPY,
}


def _targets(method: str, places):
    def targets(args: tuple, kwargs: dict):
        fs = args[0]
        operation = f"fsspec {type(fs).__name__}.{method.lstrip('_')}"
        for index, keyword, effect in places:
            for _, path, _ in expand(
                operation, argument(args, kwargs, index, keyword), effect
            ):
                yield operation, fsspec_url(fs, path), effect

    return targets


def _open(args: tuple, kwargs: dict):
    mode = argument(args, kwargs, 2, "mode") or "rb"
    if not any(flag in mode for flag in _WRITE_MODES):
        return ()
    fs = args[0]
    operation = f"fsspec {type(fs).__name__}.open(mode={mode!r})"
    return [
        (operation, fsspec_url(fs, path), "write")
        for _, path, _ in expand(operation, argument(args, kwargs, 1, "path"), "write")
    ]


def _wrap_class(patcher: Patcher, cls: type) -> None:
    patcher.method(cls, "open", _open)
    for name, places in _METHODS.items():
        patcher.method(cls, name, _targets(name, places))


def install(patcher: Patcher) -> None:
    base = sys.modules["fsspec.spec"].AbstractFileSystem
    for cls in subclasses(base):
        if "_cache" in cls.__dict__:
            cls.clear_instance_cache()
    patcher.each_subclass(base, lambda cls: _wrap_class(patcher, cls))
