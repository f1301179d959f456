"""Runs a plan's `script` as a person would in a notebook: `spark` bound, output captured."""

from __future__ import annotations

import contextlib
import io
import traceback
from dataclasses import dataclass


@dataclass(frozen=True)
class ScriptRun:
    output: str
    #: `Type: message` of what stopped the script, `None` when it ran to the end.
    stopped: str | None


def run_script(script: str, spark, name: str) -> ScriptRun:
    captured = io.StringIO()
    stopped = None
    with contextlib.redirect_stdout(captured):
        try:
            code = compile(script, f"<repair script for {name}>", "exec")
            exec(code, {"spark": spark})  # noqa: S102 - the plan is code a person runs
        except (Exception, SystemExit) as error:  # noqa: BLE001 - a refusal may be either
            stopped = f"{type(error).__name__}: {error}"
            captured.write(traceback.format_exc())
    return ScriptRun(captured.getvalue(), stopped)
