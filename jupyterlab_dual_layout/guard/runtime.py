"""The guard's state in this process: the policy, the mode, the allowances, and the one check.

Every hook (the audit hook and the wrapped writers) asks ``GUARD.check`` or ``GUARD.check_table``
before the write happens. State is process-wide rather than per thread or task, because the
writers a cell starts (Dask's threads, s3transfer's pool) run on other threads while the cell runs.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ProtectedWriteError, describe_tables
from .paths import NormalisedPath, normalise_path
from .policy import GuardPolicy, PolicyError
from .targets import LocalResolver, as_text, is_url

POLICY_ENV = "DUAL_LAYOUT_POLICY"
logger = logging.getLogger("jupyterlab_dual_layout.guard")
# A library's logger: the administrator decides where allowed writes are recorded.
logger.addHandler(logging.NullHandler())

_EMPTY = GuardPolicy({})
#: What a write does to its target: replace it, remove it (and all below), or write anywhere below it.
_VERBS = {"write": "write to", "delete": "delete", "tree": "write into"}


class _ThreadState(threading.local):
    #: Inside the guard's own work or inside an allowed write: checks do not apply on this thread.
    #: A class default, so that reading it on a thread that never set it raises nothing.
    busy = False


class Guard:
    def __init__(self) -> None:
        self.active = False
        #: active and the policy's mode is not "off": what the hot path reads.
        self._checking = False
        self.policy = _EMPTY
        self.policy_file: str | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._problem: str | None = None
        self._scoped: list[str] = []
        self._cell_reason: str | None = None
        self._pending_reason: str | None = None
        self._logged: set[str] = set()
        self._thread = _ThreadState()
        self.resolver = LocalResolver(
            lambda path: self.policy.might_protect(path, "delete")
        )

    # -- policy ---------------------------------------------------------------------------------

    def start(self, policy_file: str | None) -> None:
        self.policy_file = policy_file
        self._stamp = None
        self.refresh()
        self.active = True
        self._checking = self.policy.mode != "off"

    def stop(self) -> None:
        self.active = False
        self._checking = False

    def refresh(self) -> None:
        """Reload the policy file when it changed; a broken file keeps the last good policy."""
        if not self.policy_file:
            self._warn_once(
                f"{POLICY_ENV} is not set: no table is protected in this kernel."
            )
            return
        try:
            info = os.stat(self.policy_file)
        except OSError as error:
            self._warn_once(
                f"cannot read the policy {self.policy_file}: {error.strerror}; protecting what it last named."
            )
            return
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        if stamp == self._stamp:
            return
        try:
            with open(self.policy_file, encoding="utf-8") as file:
                text = file.read()
            self.policy = GuardPolicy.from_json(text, also=_symlink_free)
        except (OSError, PolicyError) as error:
            self._warn_once(
                f"cannot use the policy {self.policy_file}: {error}; protecting what it last named."
            )
            return
        self._stamp = stamp
        self._problem = None
        self._checking = self.active and self.policy.mode != "off"
        self.resolver.forget()

    def _warn_once(self, message: str) -> None:
        if message != self._problem:
            self._problem = message
            logger.warning(message)
            sys.stderr.write(f"dual-layout guard: {message}\n")

    def failed(self, where: str, error: Exception) -> None:
        """The guard's own failure lets the write go ahead unchecked, and says so (as the static layer does)."""
        self._thread.busy = True
        try:
            self._warn_once(
                f"could not check {where} ({type(error).__name__}: {error}); it was not checked."
            )
        finally:
            self._thread.busy = False

    # -- allowances -----------------------------------------------------------------------------

    def begin_cell(self) -> None:
        self.refresh()
        self.resolver.forget()
        self._cell_reason, self._pending_reason = self._pending_reason, None
        self._logged.clear()

    def end_cell(self) -> None:
        self._cell_reason = None

    def allow_next_cell(self, reason: str) -> None:
        self._pending_reason = _reason(reason)

    @contextmanager
    def allow(self, reason: str) -> Iterator[None]:
        self._scoped.append(_reason(reason))
        try:
            yield
        finally:
            self._scoped.pop()

    def _allowance(self) -> str | None:
        if self.policy.mode == "block":
            return None
        return self._scoped[-1] if self._scoped else self._cell_reason

    # -- checks ---------------------------------------------------------------------------------

    @property
    def enforcing(self) -> bool:
        """Whether checks apply on this thread now (not inside the guard, nor inside an allowed write)."""
        return self._checking and not self._thread.busy

    @contextmanager
    def inside_allowed(self) -> Iterator[None]:
        """The writes an allowed operation makes were allowed with it (and logged once)."""
        previous = self._thread.busy
        self._thread.busy = True
        try:
            yield
        finally:
            self._thread.busy = previous

    def check(
        self,
        operation: str,
        target: object,
        effect: str = "write",
        *,
        dir_fd: int | None = None,
        follow: bool = True,
    ) -> bool:
        """Raise ProtectedWriteError for a refused write; True when a protected write was allowed.

        ``follow=False`` for operations on a name itself (removing or renaming a symlink).
        """
        if not self._checking or self._thread.busy:
            return False
        text = target if type(target) is str else as_text(target)
        if text is None:
            return False
        local = self.policy.protects_local_paths
        # The order is the order of frequency: absolute local paths first, at the cost of one
        # dictionary lookup when their folder is far from every protected location.
        if text[:1] == "/":
            path = self.resolver.resolve(text, dir_fd, follow) if local else None
        elif "://" in text and is_url(text) and text[:7].lower() != "file://":
            path = normalise_path(text)
        elif not local:
            return False
        elif text[:5].lower() == "file:":
            as_path = normalise_path(text)
            path = as_path and self.resolver.resolve(
                GuardPolicy.display(as_path), dir_fd, follow
            )
        else:
            path = self.resolver.resolve(text, dir_fd, follow)
        if path is None:
            return False
        # A folder deleted or written below hits every protected location inside it.
        tables = self.policy.match_normalised(
            path, "write" if effect == "write" else "delete"
        )
        return bool(tables) and self._decide(
            operation, GuardPolicy.display(path), tables, effect
        )

    def check_table(
        self,
        operation: str,
        identifier: tuple[str, ...],
        location: str | None,
        effect: str = "write",
    ) -> bool:
        """A commit to (or a drop of) an Iceberg table: protected by its identifier or by its location."""
        if not self.enforcing:
            return False
        table = self.policy.match_table(identifier)
        if table is not None:
            return self._decide(operation, ".".join(identifier), [table], effect)
        return location is not None and self.check(
            operation, location, "tree" if effect == "write" else effect
        )

    def _decide(
        self, operation: str, shown: str, tables: list[str | None], effect: str
    ) -> bool:
        reason = self._allowance()
        verb = _VERBS[effect]
        if reason is None:
            raise ProtectedWriteError(
                operation, shown, tables, mode=self.policy.mode, verb=verb
            )
        line = f"dual-layout guard: allowed {operation} to {verb} {shown} ({describe_tables(tables)}); reason: {reason}"
        if line not in self._logged:
            self._logged.add(line)
            self._thread.busy = (
                True  # logging may open files: those are not the notebook's writes
            )
            try:
                logger.warning(line)
                sys.stderr.write(line + "\n")
            finally:
                self._thread.busy = False
        return True


def _reason(reason: str) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(
            "an allowance needs a reason, e.g. allow_protected_writes('backfill agreed with the data owner')"
        )
    return reason.strip()


def _symlink_free(path: NormalisedPath) -> NormalisedPath | None:
    """A protected local folder reached through a symlink is protected at its real place too."""
    shown = GuardPolicy.display(path)
    real = os.path.realpath(shown)
    return normalise_path(real) if real != shown else None


GUARD = Guard()
