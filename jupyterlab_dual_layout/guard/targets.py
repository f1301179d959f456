"""Turn what a writer was handed (a path, a URL, a filesystem and a path) into the place it writes.

Local paths are resolved as the operating system will: relative to the working directory (or to a
``dir_fd``), through symlinked folders and a symlinked final component.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .paths import NormalisedPath

_CACHE_LIMIT = 1024
_LISTING_LIMIT = 4096


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
    """Where a local path really is, cached per folder so that a write costs no system call.

    A folder is resolved once (``realpath``) and listed once for the symlinks it holds; writes
    into it then resolve by string. The caller drops the cache whenever resolution may have
    changed: a symlink, rename or removal of a link or folder, a change of directory, a child
    process, a new cell, a new policy. ``near`` says whether a real folder is inside, or holds, a
    protected location; a path in a folder that is not cannot be protected, whatever its name.
    """

    def __init__(self, near: Callable[[NormalisedPath], bool]) -> None:
        self._near = near
        #: absolute folder as written → (real folder, its symlinked entries or None if not listed, near).
        #: Cleared in place, never replaced: the audit hook's fast path holds on to it.
        self.folders: dict[str, tuple[str, frozenset[str] | None, bool]] = {}
        self._cwd: str | None = None

    def forget(self) -> None:
        self.folders.clear()
        self._cwd = None

    def resolve(
        self, path: str, dir_fd: int | None = None, follow: bool = True
    ) -> NormalisedPath | None:
        """The real location of ``path``, or None when it lies far from every protected location.

        ``follow=False`` resolves the folder only, as removing or renaming a symlink acts on the link.
        """
        if not path.startswith("/"):
            if dir_fd is not None:
                base = f"/proc/self/fd/{dir_fd}"
            else:
                base = self._cwd or self._remember_cwd()
            path = f"{base}/{path}"
        folder, _, name = path.rpartition("/")
        if name in ("", ".", ".."):
            return self._far_or(os.path.realpath(path))
        entry = self.folders.get(folder)
        if entry is None:
            entry = self._scan(folder or "/")
            if dir_fd is None:
                self.folders[folder] = entry
        real_folder, links, near = entry
        if follow and (links is None or name in links):
            full = f"{real_folder}/{name}" if real_folder != "/" else f"/{name}"
            return (
                self._far_or(os.path.realpath(full))
                if os.path.islink(full)
                else self._far_or(full)
            )
        if not near:
            return None
        return _segments(f"{real_folder}/{name}" if real_folder != "/" else f"/{name}")

    def _remember_cwd(self) -> str:
        self._cwd = os.getcwd()
        return self._cwd

    def _scan(self, folder: str) -> tuple[str, frozenset[str] | None, bool]:
        if len(self.folders) >= _CACHE_LIMIT:
            self.folders.clear()
        real = os.path.realpath(folder)
        links: set[str] = set()
        listed = True
        try:
            with os.scandir(real) as entries:
                for count, entry in enumerate(entries):
                    if count >= _LISTING_LIMIT:
                        # Too many to list: look at each written name instead.
                        listed = False
                        break
                    if entry.is_symlink():
                        links.add(entry.name)
        except OSError:
            pass  # not there (yet): whatever is made in it is made by an audited call
        return (
            real,
            frozenset(links) if listed else None,
            self._near(_segments(real)),
        )

    def _far_or(self, real: str) -> NormalisedPath | None:
        path = _segments(real)
        return path if self._near(path) else None


def _segments(real: str) -> NormalisedPath:
    return NormalisedPath("", tuple(part for part in real.split("/") if part))


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
