"""The IPython side: cell events that refresh the policy and scope allowances, and the magics."""

from __future__ import annotations

import os

from IPython.core.magic import Magics, line_magic, magics_class

from . import install
from .runtime import GUARD, POLICY_ENV


@magics_class
class GuardMagics(Magics):
    @line_magic
    def dual_layout_allow(self, line: str) -> None:
        """%dual_layout_allow REASON: allow protected writes in the next cell run (mode warn)."""
        GUARD.allow_next_cell(line)
        print(
            f"dual-layout guard: protected writes are allowed in the next cell ({line.strip()})."
        )


def _pre_run_cell(info) -> None:
    GUARD.begin_cell()


def _post_run_cell(result) -> None:
    GUARD.end_cell()


def load(ip) -> None:
    if GUARD.active:
        return
    GUARD.start(os.environ.get(POLICY_ENV))
    install.install()
    ip.events.register("pre_run_cell", _pre_run_cell)
    ip.events.register("post_run_cell", _post_run_cell)
    ip.register_magics(GuardMagics)


def unload(ip) -> None:
    if not GUARD.active:
        return
    GUARD.stop()
    install.uninstall()
    ip.events.unregister("pre_run_cell", _pre_run_cell)
    ip.events.unregister("post_run_cell", _post_run_cell)
