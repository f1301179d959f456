"""The runtime write guard: an IPython extension that refuses writes into protected tables' storage.

Load it with ``%load_ext jupyterlab_dual_layout.guard`` or for every kernel through
``c.InteractiveShellApp.extensions``; the policy comes from the file named by ``DUAL_LAYOUT_POLICY``.
A refused write raises ``ProtectedWriteError`` before any byte reaches storage. In mode ``warn`` a
write may be allowed for one block (``allow_protected_writes``) or for the next cell
(``allow_next_cell``, ``%dual_layout_allow``), and is then logged with its reason.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from .errors import ProtectedWriteError
from .runtime import GUARD

__all__ = [
    "ProtectedWriteError",
    "allow_next_cell",
    "allow_protected_writes",
    "load_ipython_extension",
    "unload_ipython_extension",
]


def allow_protected_writes(reason: str) -> AbstractContextManager[None]:
    """Allow protected writes inside this ``with`` block (mode warn only), logging each with ``reason``."""
    return GUARD.allow(reason)


def allow_next_cell(reason: str) -> None:
    """Allow protected writes during the next cell that runs (mode warn only); JupyterLab's "Run anyway" calls this."""
    GUARD.allow_next_cell(reason)


def load_ipython_extension(ip) -> None:
    from .ipython import load

    load(ip)


def unload_ipython_extension(ip) -> None:
    from .ipython import unload

    unload(ip)
