"""When the guard itself fails, the user's operation goes ahead and the guard says so, as the
static layer does; a refusal is never swallowed."""

from __future__ import annotations

import json
import os

import pytest

from jupyterlab_dual_layout.guard import ProtectedWriteError, audit
from jupyterlab_dual_layout.guard.patching import guarded
from jupyterlab_dual_layout.guard.runtime import GUARD

WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


@pytest.fixture
def started(tmp_path):
    """The process's guard on a policy protecting ``tmp_path/lake`` (no hook installed in pytest)."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"protectedPaths": [str(tmp_path / "lake")]}))
    GUARD.start(str(policy))
    try:
        yield tmp_path
    finally:
        GUARD.stop()


def _boom(*args, **kwargs):
    raise RuntimeError("boom")


def test_a_crash_in_the_audit_hook_lets_the_call_go_ahead_and_says_so(
    started, capsys, monkeypatch
):
    monkeypatch.setattr(GUARD.resolver, "resolve", _boom)
    audit._hook("open", (str(started / "x.txt"), "w", WRITE))
    assert (
        "dual-layout guard: could not check open (RuntimeError: boom); it was not checked.\n"
        in capsys.readouterr().err
    )


def test_a_crash_in_a_wrapper_lets_the_writer_run_and_says_so(started, capsys):
    double = guarded(lambda value: value * 2, _boom)
    assert double(21) == 42
    assert "could not check a write (RuntimeError: boom)" in capsys.readouterr().err


def test_a_refusal_is_not_mistaken_for_a_crash(started):
    with pytest.raises(ProtectedWriteError):
        audit._hook("open", (str(started / "lake" / "x.txt"), "w", WRITE))
    writer = guarded(
        lambda path: path, lambda args, kwargs: [("a writer", args[0], "write")]
    )
    with pytest.raises(ProtectedWriteError):
        writer(str(started / "lake" / "y.txt"))
    assert writer(str(started / "elsewhere.txt")) == str(started / "elsewhere.txt")
