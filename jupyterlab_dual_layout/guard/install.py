"""Turning the runtime layer on and off in this process: the audit hook and the writers' wrappers."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

from . import audit
from .patching import Patcher, PostImportFinder
from .writers import installers

_patcher = Patcher()
_finder: PostImportFinder | None = None


def install() -> None:
    """Wrap the watched modules already imported now, the others when their import completes."""
    global _finder
    audit.install()
    pending: dict[str, Callable[[], None]] = {}
    for name, wrap in installers().items():
        if name in sys.modules:
            _safely(name, wrap)
        else:
            pending[name] = functools.partial(_safely, name, wrap)
    _finder = PostImportFinder(pending)
    sys.meta_path.insert(0, _finder)


def uninstall() -> None:
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = None
    _patcher.restore()


def _safely(name: str, wrap) -> None:
    """A library version the wrappers do not know is reported and the rest stays guarded."""
    try:
        wrap(_patcher)
    except Exception as error:  # noqa: BLE001 - any failure here must not break the user's import
        sys.stderr.write(
            f"dual-layout guard: could not guard {name} ({type(error).__name__}: {error}); its writes are not checked.\n"
        )
