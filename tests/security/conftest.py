"""Fixtures of the security suite that more than one of its modules uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.demo import build_demo_lakehouse


@pytest.fixture(scope="module")
def demo_lakehouse(tmp_path_factory) -> Path:
    """The demo lakehouse (SQL catalog `demo` on SQLite, local warehouse), built by real pyiceberg;
    the folder holds its `.pyiceberg.yaml`, so it serves as PYICEBERG_HOME and HOME."""
    return build_demo_lakehouse(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_server(start_jupyter, demo_lakehouse):
    """A Jupyter Server whose helper serves the demo lakehouse, answering already."""
    env = {"PYICEBERG_HOME": str(demo_lakehouse), "HOME": str(demo_lakehouse)}
    server = start_jupyter(env=env)
    assert server.api("version").status_code == 200
    return server
