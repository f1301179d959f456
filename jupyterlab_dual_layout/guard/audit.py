"""The audit hook: every local write Python itself performs (open, os, shutil) checked before it happens.

An audit hook cannot be removed once added, so it is added once per process and does nothing while
the guard is stopped. It runs for every audited event in the kernel (imports, reads, sockets), so
it returns at once for events it does not know and for opens that only read.
"""

from __future__ import annotations

import os
import sys

from .runtime import GUARD

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_installed = False


def _open(args) -> None:
    path, mode, flags = args
    if isinstance(mode, str):
        if (
            "w" not in mode
            and "a" not in mode
            and "x" not in mode
            and "+" not in mode
            and not flags & _WRITE_FLAGS
        ):
            return
        GUARD.check(f"open(mode={mode!r})", path)
    elif flags & _WRITE_FLAGS:
        GUARD.check("os.open for writing", path)


def _one(operation: str, effect: str = "write", fd_at: int | None = None):
    def handle(args) -> None:
        dir_fd = args[fd_at] if fd_at is not None else None
        GUARD.check(operation, args[0], effect, dir_fd=dir_fd)

    return handle


def _pair(
    operation: str, source_effect: str | None, fds: tuple[int, int] | None = None
):
    """Events with a source and a destination: the destination is written, the source maybe moved away."""

    def handle(args) -> None:
        src_fd, dst_fd = (args[fds[0]], args[fds[1]]) if fds else (None, None)
        if source_effect is not None:
            GUARD.check(operation, args[0], source_effect, dir_fd=src_fd)
        GUARD.check(operation, args[1], "write", dir_fd=dst_fd)

    return handle


_HANDLERS = {
    "open": _open,
    "os.remove": _one("os.remove", "delete", 1),
    "os.rmdir": _one("os.rmdir", "delete", 1),
    "os.mkdir": _one("os.mkdir", "write", 2),
    "os.truncate": _one("os.truncate"),
    "os.chmod": _one("os.chmod", "write", 2),
    "os.chown": _one("os.chown", "write", 3),
    "os.utime": _one("os.utime", "write", 3),
    "os.setxattr": _one("os.setxattr"),
    "os.removexattr": _one("os.removexattr"),
    "os.rename": _pair("os.rename", "delete", (2, 3)),
    "os.link": _pair("os.link", "write", (2, 3)),
    "os.symlink": lambda args: GUARD.check(
        "os.symlink", args[1], "write", dir_fd=args[2]
    ),
    "shutil.rmtree": _one("shutil.rmtree", "delete", 1),
    "shutil.move": _pair("shutil.move", "delete"),
    "shutil.copyfile": _pair("shutil.copyfile", None),
    "shutil.copymode": _pair("shutil.copymode", None),
    "shutil.copystat": _pair("shutil.copystat", None),
    "shutil.copytree": _pair("shutil.copytree", None),
    "shutil.chown": _one("shutil.chown"),
    "shutil.make_archive": _one("shutil.make_archive"),
}


def _hook(event: str, args: tuple) -> None:
    handler = _HANDLERS.get(event)
    if handler is not None and GUARD.active:
        handler(args)


def install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
