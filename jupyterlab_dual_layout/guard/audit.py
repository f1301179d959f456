"""The audit hook: every local write Python itself performs (open, os, shutil) checked before it happens.

An audit hook cannot be removed once added, so it is added once per process and does nothing while
the guard is stopped. It runs for every audited event in the kernel (imports, reads, sockets), so
it returns at once for events it does not know and for opens that only read. Events that may change
how a path resolves (a symlink, a rename, a removed link or folder, a new working directory, a
child process) drop the resolver's cache.
"""

from __future__ import annotations

import os
import sys

from .errors import ProtectedWriteError
from .runtime import GUARD

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_installed = False


_OPEN_NAMES: dict[str, str] = {}


def _open(args, _folders=GUARD.resolver.folders) -> None:
    path, mode, flags = args
    # The flags, when given, say it all; builtins.open gives them, with its mode for the message.
    if flags:
        if not flags & _WRITE_FLAGS:
            return
    elif not isinstance(mode, str) or (
        "w" not in mode and "a" not in mode and "x" not in mode and "+" not in mode
    ):
        return
    if isinstance(mode, str):
        # Named once per mode: the name is only read when a write is refused or allowed.
        operation = _OPEN_NAMES.get(mode) or _OPEN_NAMES.setdefault(
            mode, f"open(mode={mode!r})"
        )
    else:
        operation = "os.open for writing"
    # The most frequent case, decided here: a new file in a folder already known to be far from
    # every protected location, under a name that is not a symlink (see LocalResolver).
    if type(path) is str and path[:1] == "/":
        folder, _, name = path.rpartition("/")
        known = _folders.get(folder)
        if (
            known is not None
            and not known[2]
            and known[1] is not None
            and name not in known[1]
        ):
            return
    GUARD.check(operation, path)


def _one(
    operation: str,
    effect: str,
    fd_at: int | None,
    *,
    follow: bool = True,
    moves: bool = False,
):
    def handle(args) -> None:
        dir_fd = args[fd_at] if fd_at is not None else None
        GUARD.check(operation, args[0], effect, dir_fd=dir_fd, follow=follow)
        if moves:
            GUARD.resolver.forget()

    return handle


def _pair(
    operation: str,
    source_effect: str | None,
    fds: tuple[int, int] | None,
    *,
    names: bool,
):
    """A source and a destination: the destination is written, the source maybe moved away.

    ``names``: the operation acts on the names themselves (a rename, a link), not what they point to.
    """

    def handle(args) -> None:
        src_fd, dst_fd = (args[fds[0]], args[fds[1]]) if fds else (None, None)
        if source_effect is not None:
            GUARD.check(
                operation, args[0], source_effect, dir_fd=src_fd, follow=not names
            )
        GUARD.check(operation, args[1], "write", dir_fd=dst_fd, follow=not names)
        if source_effect == "delete":
            GUARD.resolver.forget()

    return handle


def _remove(args) -> None:
    path, dir_fd = args
    GUARD.check("os.remove", path, "delete", dir_fd=dir_fd, follow=False)
    if (
        dir_fd is None
        and isinstance(path, (str, bytes, os.PathLike))
        and os.path.islink(path)
    ):
        GUARD.resolver.forget()


def _symlink(args) -> None:
    GUARD.check("os.symlink", args[1], "write", dir_fd=args[2], follow=False)
    GUARD.resolver.forget()


def _forget(args) -> None:
    GUARD.resolver.forget()


_HANDLERS = {
    "open": _open,
    "os.remove": _remove,
    "os.rmdir": _one("os.rmdir", "delete", 1, follow=False, moves=True),
    "os.mkdir": _one("os.mkdir", "write", 2, follow=False),
    "os.truncate": _one("os.truncate", "write", None),
    "os.chmod": _one("os.chmod", "write", 2),
    "os.chown": _one("os.chown", "write", 3),
    "os.utime": _one("os.utime", "write", 3),
    "os.setxattr": _one("os.setxattr", "write", None),
    "os.removexattr": _one("os.removexattr", "write", None),
    "os.rename": _pair("os.rename", "delete", (2, 3), names=True),
    "os.link": _pair("os.link", "write", (2, 3), names=True),
    "os.symlink": _symlink,
    "shutil.rmtree": _one("shutil.rmtree", "delete", 1, follow=False, moves=True),
    "shutil.move": _pair("shutil.move", "delete", None, names=True),
    "shutil.copyfile": _pair("shutil.copyfile", None, None, names=False),
    "shutil.copymode": _pair("shutil.copymode", None, None, names=False),
    "shutil.copystat": _pair("shutil.copystat", None, None, names=False),
    "shutil.copytree": _pair("shutil.copytree", None, None, names=False),
    "shutil.chown": _one("shutil.chown", "write", None),
    "shutil.make_archive": _one("shutil.make_archive", "write", None),
    "os.chdir": _forget,
    "subprocess.Popen": _forget,
    "os.system": _forget,
    "os.exec": _forget,
    "os.posix_spawn": _forget,
    "os.spawn": _forget,
    "os.fork": _forget,
    "os.forkpty": _forget,
}


def _hook(event: str, args: tuple, _handler=_HANDLERS.get, _guard=GUARD) -> None:
    handler = _handler(event)
    if handler is not None and _guard.active:
        try:
            handler(args)
        except ProtectedWriteError:
            raise
        except Exception as error:  # noqa: BLE001 - an exception here would abort the user's call
            _guard.failed(event, error)


def install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
