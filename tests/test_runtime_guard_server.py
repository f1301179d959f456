"""Jupyter Server hands its kernels the runtime guard's policy: a real server on the demo lakehouse,
and a real kernel started through the server's REST API, which inherits ``DUAL_LAYOUT_POLICY``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyarrow as pa
import pytest
import requests
import yaml
from jupyter_client import BlockingKernelClient
from pyiceberg.catalog.sql import SqlCatalog

from tests.fixtures.demo import build_demo_lakehouse
from tests.guard.kernel import TIMEOUT, Execution, execute

DEMO_TABLES = {
    "demo.archive.legacy_readings",
    "demo.survey.calibrations",
    "demo.survey.observations",
    "demo.survey.stations",
    "demo.survey.transients",
    "demo.survey.weather",
}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return build_demo_lakehouse(tmp_path / "lake")


@pytest.fixture
def guarded_server(start_jupyter, demo: Path, tmp_path: Path, monkeypatch):
    """The server on the demo lakehouse, admin mode `block`; its runtime dir is the test's own."""
    monkeypatch.delenv("DUAL_LAYOUT_POLICY", raising=False)
    runtime = tmp_path / "runtime"
    server = start_jupyter(
        env={
            "PYICEBERG_HOME": str(demo),
            "HOME": str(tmp_path),
            "JUPYTER_RUNTIME_DIR": str(runtime),
        },
        extra_args=["--DualLayout.guard_mode=block"],
        root=demo,
    )
    server.policy_path = runtime / f"dual-layout-policy-{server.process.pid}.json"
    server.runtime = runtime
    return server


def wait_for_policy(path: Path, until=lambda policy: True, timeout=60) -> dict:
    deadline = time.time() + timeout
    policy = None
    while time.time() < deadline:
        if path.exists():
            policy = json.loads(path.read_text())
            if until(policy):
                return policy
        time.sleep(0.2)
    raise AssertionError(f"{path} never matched; last content: {policy!r}")


def tables_of(policy: dict) -> set[str]:
    return {entry["table"] for entry in policy["protected"]}


def demo_catalog(demo: Path) -> SqlCatalog:
    config = yaml.safe_load((demo / ".pyiceberg.yaml").read_text())["catalog"]["demo"]
    return SqlCatalog("demo", uri=config["uri"], warehouse=config["warehouse"])


def rest(server, path, method="GET", **kwargs):
    return requests.request(
        method, server.url + path, headers=server.auth, timeout=60, **kwargs
    )


class ServerKernel:
    """A kernel started by Jupyter Server (`POST /api/kernels`), driven over its connection file."""

    def __init__(self, server) -> None:
        response = rest(server, "api/kernels", "POST", json={"name": "python3"})
        assert response.status_code == 201, response.text
        self.id = response.json()["id"]
        self.server = server
        self.client = BlockingKernelClient()
        self.client.load_connection_file(str(server.runtime / f"kernel-{self.id}.json"))
        # No heartbeat channel: a first beat not yet answered would count as a dead kernel.
        self.client.start_channels(hb=False)
        self.client.wait_for_ready(timeout=TIMEOUT)

    def run(self, code: str) -> Execution:
        return execute(self.client, code)

    def shutdown(self) -> None:
        self.client.stop_channels()
        rest(self.server, f"api/kernels/{self.id}", "DELETE")


@pytest.fixture
def server_kernel(guarded_server):
    kernel = ServerKernel(guarded_server)
    yield kernel
    kernel.shutdown()


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_the_policy_file_holds_the_demo_tables_and_the_admin_mode(guarded_server):
    policy = wait_for_policy(guarded_server.policy_path)
    assert set(policy) == {"protected", "protectedPaths", "allowedPaths", "mode"}
    assert tables_of(policy) == DEMO_TABLES
    assert policy["mode"] == "block"
    assert oct(guarded_server.policy_path.stat().st_mode & 0o777) == "0o600"
    answer = guarded_server.api("policy").json()
    assert policy["protected"] == answer["protected"]
    # Only the policy's own file sits beside the server's files: no temporary file is left behind.
    assert [p.name for p in guarded_server.runtime.glob("*dual-layout-policy*")] == [
        guarded_server.policy_path.name
    ]


def test_a_kernel_started_by_the_server_refuses_a_write_into_a_table(
    guarded_server, server_kernel, demo
):
    policy = wait_for_policy(guarded_server.policy_path)
    seen = server_kernel.run("import os; print(os.environ['DUAL_LAYOUT_POLICY'])")
    assert seen.output.strip() == str(guarded_server.policy_path)
    assert server_kernel.run("%load_ext jupyterlab_dual_layout.guard").status == "ok"

    location = next(
        e["location"]
        for e in policy["protected"]
        if e["table"] == "demo.survey.observations"
    )
    data = Path(location.removeprefix("file://")) / "data"
    before = listing(data)
    refused = server_kernel.run(
        f"w = getattr(__builtins__, 'op' + 'en')\nw({str(data / 'region=EU' / 'evil.parquet')!r}, 'wb').write(b'x')"
    )
    assert refused.ename == "ProtectedWriteError"
    assert "demo.survey.observations" in refused.evalue
    assert "mode block" in refused.evalue
    assert listing(data) == before


def test_after_a_refresh_the_file_protects_a_new_table(
    guarded_server, server_kernel, demo
):
    wait_for_policy(guarded_server.policy_path, lambda p: tables_of(p) == DEMO_TABLES)
    assert server_kernel.run("%load_ext jupyterlab_dual_layout.guard").status == "ok"
    fresh = demo_catalog(demo).create_table(
        "survey.fresh", schema=pa.schema([("id", pa.int64())])
    )
    assert guarded_server.api("refresh", "POST").status_code == 200

    policy = wait_for_policy(
        guarded_server.policy_path, lambda p: "demo.survey.fresh" in tables_of(p)
    )
    assert tables_of(policy) == DEMO_TABLES | {"demo.survey.fresh"}
    target = Path(fresh.location().removeprefix("file://")) / "data" / "x.csv"
    refused = server_kernel.run(
        f"import pandas as pd\npd.DataFrame({{'id': [1]}}).to_csv({str(target)!r})"
    )
    assert refused.ename == "ProtectedWriteError"
    assert "demo.survey.fresh" in refused.evalue
    assert not target.parent.exists() or listing(target.parent) == []


def test_a_catalog_that_cannot_be_listed_keeps_its_tables_protected(
    guarded_server, demo
):
    wait_for_policy(guarded_server.policy_path, lambda p: tables_of(p) == DEMO_TABLES)
    (demo / "catalog.db").write_bytes(b"this is not a database")
    assert guarded_server.api("refresh", "POST").status_code == 200
    answer = guarded_server.api("policy").json()
    assert [entry["catalog"] for entry in answer["unavailableCatalogs"]] == ["demo"]
    assert answer["protected"] == []
    # The answer above went through the proxy and was written; the file still protects every table.
    assert tables_of(json.loads(guarded_server.policy_path.read_text())) == DEMO_TABLES


def test_the_file_is_removed_when_the_server_stops(guarded_server):
    wait_for_policy(guarded_server.policy_path)
    guarded_server.stop()
    assert not guarded_server.policy_path.exists()


def test_an_administrators_own_policy_file_wins(
    start_jupyter, demo, tmp_path, monkeypatch
):
    own = tmp_path / "admin-policy.json"
    own.write_text('{"protected": [], "mode": "warn"}')
    monkeypatch.setenv("DUAL_LAYOUT_POLICY", str(own))
    runtime = tmp_path / "runtime"
    server = start_jupyter(
        env={
            "PYICEBERG_HOME": str(demo),
            "HOME": str(tmp_path),
            "JUPYTER_RUNTIME_DIR": str(runtime),
        },
        root=demo,
    )
    assert tables_of(server.api("policy").json()) == DEMO_TABLES
    assert own.read_text() == '{"protected": [], "mode": "warn"}'
    assert not list(runtime.glob("dual-layout-policy-*"))
