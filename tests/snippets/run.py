"""Running snippets as a notebook kernel does: cells in one fresh Python process (``kernel.py``)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def kernel_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A kernel's environment: the catalog configuration in `home`, and no S3 keys of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "PYICEBERG_"))
    }
    return {
        **env,
        "PYICEBERG_HOME": str(home),
        "PYTHONPATH": str(REPO),
        **(extra or {}),
    }


def run_kernel(tmp_path: Path, env: dict[str, str], cells: list[dict]) -> dict:
    """Run ``[{"code", "collect": {alias: variable}}]`` in one kernel-like process; results by alias."""
    spec = tmp_path / "cells.json"
    spec.write_text(json.dumps({"cells": cells}))
    out = tmp_path / "result.pickle"
    completed = subprocess.run(
        [sys.executable, "-m", "tests.snippets.kernel", str(spec), str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, (
        f"snippet failed in the kernel:\n{completed.stderr[-4000:]}"
    )
    with out.open("rb") as result:
        return pickle.load(result)
