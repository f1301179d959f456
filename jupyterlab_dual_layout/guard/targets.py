"""Turn what a writer was handed (a path, a URL, a filesystem and a path) into the place it writes.

Local paths are resolved as the operating system will: relative to the working directory (or to a
``dir_fd``), through symlinked folders and a symlinked final component. Resolving a folder is
cached by its device and inode, so ten thousand writes into one folder cost one ``stat`` and one
``lstat`` each, not a ``realpath`` walk.
"""

from __future__ import annotations

import os
import stat

_CACHE_LIMIT = 4096


def as_text(target: object) -> str | None:
    """A path or URL as text; None for what is not one (an open file, a buffer, a descriptor)."""
    if isinstance(target, str):
        return target
    if isinstance(target, bytes):
        return os.fsdecode(target)
    if isinstance(target, os.PathLike):
        value = os.fspath(target)
        return value if isinstance(value, str) else os.fsdecode(value)
    return None


def is_url(text: str) -> bool:
    scheme, sep, _ = text.partition("://")
    return (
        bool(sep)
        and scheme.isascii()
        and scheme.replace("+", "").replace(".", "").replace("-", "").isalnum()
    )


class LocalResolver:
    def __init__(self) -> None:
        self._folders: dict[tuple[int, int], str] = {}

    def forget(self) -> None:
        """Folders may have moved (a shell command, another process): resolve afresh."""
        self._folders.clear()

    def real(self, path: str, dir_fd: int | None = None) -> str:
        if dir_fd is not None and not path.startswith("/"):
            path = f"/proc/self/fd/{dir_fd}/{path}"
        folder, name = os.path.split(path)
        if not name or name in (".", ".."):
            return os.path.realpath(path)
        try:
            info = os.stat(folder or ".")
        except OSError:
            return os.path.realpath(path)
        key = (info.st_dev, info.st_ino)
        real_folder = self._folders.get(key)
        if real_folder is None:
            if len(self._folders) >= _CACHE_LIMIT:
                self._folders.clear()
            real_folder = self._folders[key] = os.path.realpath(folder or ".")
        full = f"{real_folder}/{name}" if real_folder != "/" else f"/{name}"
        try:
            if stat.S_ISLNK(os.lstat(full).st_mode):
                return os.path.realpath(full)
        except OSError:
            pass
        return full


def fsspec_url(fs, path: str) -> str:
    """The URL an fsspec filesystem writes for ``path`` (local paths stay local)."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    stripped = fs._strip_protocol(path)
    if protocol in ("file", "local"):
        return stripped
    return f"{protocol}://{stripped}"


_ARROW_SCHEMES = {"s3": "s3", "gcs": "gs", "hdfs": "hdfs", "abfs": "abfs"}


def arrow_url(fs, path: str) -> str | None:
    """The URL a pyarrow filesystem writes for ``path``; None for one that holds no storage."""
    kind = fs.type_name
    if kind == "local":
        return path
    if kind == "subtree":
        return arrow_url(fs.base_fs, f"{fs.base_path.rstrip('/')}/{path.lstrip('/')}")
    if kind == "py":
        inner = getattr(fs.handler, "fs", None)
        return fsspec_url(inner, path) if inner is not None else None
    scheme = _ARROW_SCHEMES.get(kind)
    return f"{scheme}://{path.lstrip('/')}" if scheme else None
