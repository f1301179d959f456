"""The error a refused write raises, and the words that explain it."""

from __future__ import annotations

ALLOW_HINT = (
    'To write anyway, use "Run anyway" for this cell, run `%dual_layout_allow REASON` before it, '
    'or wrap the write in `with jupyterlab_dual_layout.guard.allow_protected_writes("REASON"):`.'
)
ADMIN_HINT = (
    "To have this location opened for writing, ask your platform administrator "
    "(Jupyter Server setting c.DualLayout.allowed_paths)."
)


def describe_tables(tables: list[str | None]) -> str:
    named = [t for t in tables if t is not None]
    if not named:
        return "a protected location"
    if len(named) == 1:
        return f"the protected table {named[0]}"
    return "the protected tables " + ", ".join(named)


class ProtectedWriteError(PermissionError):
    """A write into a protected table's storage, refused before any byte reached it."""

    def __init__(
        self,
        operation: str,
        target: str,
        tables: list[str | None],
        *,
        mode: str,
        verb: str = "write to",
    ) -> None:
        self.operation = operation
        self.target = target
        self.tables = tables
        self.mode = mode
        hint = ADMIN_HINT if mode == "block" else f"{ALLOW_HINT} {ADMIN_HINT}"
        message = (
            f"{operation} would {verb} {target}, inside {describe_tables(tables)}, which notebooks may "
            f"only read (dual-layout guard, mode {mode}). Nothing was written. {hint}"
        )
        super().__init__(message)

    def __reduce__(self):
        # Exceptions pickle through their args; keep the structured fields across processes (Dask workers).
        return (
            _rebuild,
            (self.operation, self.target, self.tables, self.mode, str(self)),
        )


def _rebuild(operation, target, tables, mode, message):
    error = ProtectedWriteError.__new__(ProtectedWriteError)
    PermissionError.__init__(error, message)
    error.operation, error.target, error.tables, error.mode = (
        operation,
        target,
        tables,
        mode,
    )
    return error
