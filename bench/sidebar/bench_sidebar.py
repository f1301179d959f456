"""Sidebar and API with 100 versus 10,000 tables, measured side by side in one run.

Builds two SQLite catalogs that differ only in their number of tables (rows in pyiceberg's
`iceberg_tables`, all pointing at one real table's metadata), starts JupyterLab on each, and times
in Chromium: opening the sidebar until the tree shows, and typing a search until the match shows.
It also times the helper API's first page and a search. Prints medians and the 10,000 / 100 ratios
(target: at most 3x).

With `--verdict-store`, every table gets its own metadata file (a copy of the real table's), an
admin publishes every table's verdict with `dual-layout check --publish` into a store both servers
read (`c.DualLayout.verdict_store`), and the run also times the verdicts of the first page's rows as
the sidebar fetches them (each must come from the store). The browser part needs Playwright in
`ui-tests/node_modules`; without it only the API is measured, and the run says so.

Usage: .venv/bin/python bench/sidebar/bench_sidebar.py [--runs 3] [--verdict-store]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import requests
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import LongType, NestedField, StringType

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
HELPER = HERE.parent.parent / "jupyterlab_dual_layout" / "helper" / "dual-layout.js"
PLAYWRIGHT = HERE.parent.parent / "ui-tests" / "node_modules" / "playwright"
NAMESPACES = 50
# Rows whose verdicts the sidebar asks for first: about a screenful, six requests at a time as a browser does.
VISIBLE_ROWS = 30


def own_metadata_files(first_location: str, tables: int) -> list[str]:
    """A copy of the first table's metadata file per other table, so each has its own metadata location."""
    source = Path(first_location.removeprefix("file://"))
    text = source.read_text()
    copies = []
    for i in range(1, tables):
        copy = source.with_name(f"{i:05d}-copy.metadata.json")
        copy.write_text(text)
        copies.append(f"file://{copy}")
    return copies


def build_catalog(root: Path, tables: int, own_metadata: bool = False) -> Path:
    home = root / f"tables-{tables}"
    warehouse = home / "warehouse"
    warehouse.mkdir(parents=True)
    catalog = SqlCatalog(
        "bench", uri=f"sqlite:///{home}/catalog.db", warehouse=f"file://{warehouse}"
    )
    catalog.create_namespace("ns000")
    schema = Schema(
        NestedField(1, "id", LongType(), required=False),
        NestedField(2, "region", StringType(), required=False),
    )
    spec = PartitionSpec(PartitionField(2, 1000, IdentityTransform(), "region"))
    table = catalog.create_table("ns000.table00000", schema=schema, partition_spec=spec)
    table.append(pa.table({"id": pa.array([1, 2], pa.int64()), "region": ["EU", "US"]}))
    locations = (
        own_metadata_files(table.metadata_location, tables)
        if own_metadata
        else [table.metadata_location] * (tables - 1)
    )
    with sqlite3.connect(home / "catalog.db") as db:
        rows = [
            (
                "bench",
                f"ns{i % NAMESPACES:03d}",
                f"table{i:05d}",
                locations[i - 1],
                None,
            )
            for i in range(1, tables)
        ]
        db.executemany(
            "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        db.executemany(
            "INSERT OR IGNORE INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)",
            [("bench", f"ns{i:03d}", "exists", "true") for i in range(NAMESPACES)],
        )
    (home / ".pyiceberg.yaml").write_text(
        f"catalog:\n  bench:\n    uri: sqlite:///{home}/catalog.db\n    warehouse: file://{warehouse}\n"
    )
    return home


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def publish_verdicts(home: Path, store: Path) -> float:
    """What the admin's cron job runs: `dual-layout check --publish STORE`; returns its seconds."""
    start = time.perf_counter()
    result = subprocess.run(
        ["node", str(HELPER), "check", "--publish", str(store), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYICEBERG_HOME": str(home)},
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"check --publish failed ({result.returncode}):\n{result.stderr[-2000:]}"
        )
    return time.perf_counter() - start


def start_lab(
    home: Path, port: int, token: str, store: Path | None = None
) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={home}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    if store is not None:
        command.append(f"--DualLayout.verdict_store={store}")
    process = subprocess.Popen(
        command,
        cwd=home,
        env={**os.environ, "PYICEBERG_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(
                f"http://127.0.0.1:{port}/dual-layout/api/version",
                headers={"Authorization": f"token {token}"},
                timeout=2,
            ).ok:
                return process
        except requests.RequestException:
            pass  # still starting
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("JupyterLab did not start")


def api_times(port: int, token: str, runs: int) -> dict[str, float]:
    base = f"http://127.0.0.1:{port}/dual-layout/api/catalogs/bench/tables"
    headers = {"Authorization": f"token {token}"}
    first_page, search = [], []
    for run in range(runs):
        requests.post(
            f"http://127.0.0.1:{port}/dual-layout/api/refresh",
            headers=headers,
            timeout=60,
        )
        start = time.perf_counter()
        assert requests.get(
            base, params={"limit": 200}, headers=headers, timeout=120
        ).ok
        first_page.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert requests.get(
            base,
            params={"q": f"table000{run}", "limit": 200},
            headers=headers,
            timeout=120,
        ).ok
        search.append(time.perf_counter() - start)
    return {
        "api_first_page_ms": statistics.median(first_page) * 1000,
        "api_search_ms": statistics.median(search) * 1000,
    }


def published_verdict_times(port: int, token: str, runs: int) -> dict[str, float]:
    """The first page's rows' verdicts, as the sidebar asks for them; each must be a published one."""
    api = f"http://127.0.0.1:{port}/dual-layout/api/"
    headers = {"Authorization": f"token {token}"}
    page = requests.get(
        api + "catalogs/bench/tables",
        params={"limit": VISIBLE_ROWS},
        headers=headers,
        timeout=120,
    ).json()
    ids = [t["id"] for t in page["tables"]][:VISIBLE_ROWS]

    def verdict(table_id: str) -> dict:
        return requests.get(
            api + f"tables/{table_id}/verdict", headers=headers, timeout=120
        ).json()

    samples = []
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        for _ in range(runs):
            requests.post(api + "refresh", headers=headers, timeout=60)
            start = time.perf_counter()
            verdicts = list(pool.map(verdict, ids))
            samples.append(time.perf_counter() - start)
            missing = [v for v in verdicts if "published" not in v]
            if missing:
                raise RuntimeError(
                    f"{len(missing)} verdicts did not come from the store: {missing[0]}"
                )
    return {"api_verdicts_ms": statistics.median(samples) * 1000}


def measure(home: Path, runs: int, store: Path | None = None) -> dict[str, float]:
    port, token = free_port(), secrets.token_hex(8)
    lab = start_lab(home, port, token, store)
    try:
        result = api_times(port, token, runs)
        if store is not None:
            result.update(published_verdict_times(port, token, runs))
        if not PLAYWRIGHT.exists():
            return result
        browser = subprocess.run(
            [
                "node",
                str(HERE / "measure.js"),
                f"http://127.0.0.1:{port}/lab?token={token}",
                "table00001",
                "table00001",
                str(runs),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if browser.returncode != 0:
            raise RuntimeError(f"the browser measurement failed:\n{browser.stderr}")
        samples = json.loads(browser.stdout)
        result["ui_open_ms"] = statistics.median(s["open"] for s in samples)
        result["ui_search_ms"] = statistics.median(s["search"] for s in samples)
        return result
    finally:
        lab.terminate()
        lab.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--verdict-store",
        action="store_true",
        help="publish every table's verdict and serve the sidebar from the store",
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="dual-layout-sidebar-bench-"))
    try:
        small = build_catalog(root, 100, args.verdict_store)
        large = build_catalog(root, 10_000, args.verdict_store)
        stores: dict[int, Path | None] = {100: None, 10_000: None}
        if args.verdict_store:
            for count, home in ((100, small), (10_000, large)):
                store = home.parent / f"verdicts-{count}"
                stores[count] = store
                seconds = publish_verdicts(home, store)
                print(f"check --publish of {count:,} tables: {seconds:.1f} s")
        results = {
            100: measure(small, args.runs, stores[100]),
            10_000: measure(large, args.runs, stores[10_000]),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if not PLAYWRIGHT.exists():
        print(
            f"(no Playwright in {PLAYWRIGHT.parent}: the browser part was not measured)"
        )
    print(f"{'measure':<20}{'100 tables':>12}{'10,000 tables':>15}{'ratio':>8}")
    for key in results[100]:
        small_ms, large_ms = results[100][key], results[10_000][key]
        print(
            f"{key:<20}{small_ms:>10.0f}ms{large_ms:>13.0f}ms{large_ms / small_ms:>7.2f}x"
        )


if __name__ == "__main__":
    main()
