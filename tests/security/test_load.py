"""A small load test through Jupyter Server: 200 concurrent details and verdict requests and 50
previews at once, against the demo lakehouse. No request may fail, the helper must not be
restarted (a busy helper is not a hung one), and the answers must be the same as when it was idle.
Latencies (p50/p99) and the helper's resident memory before and after are printed (``-s``).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from pathlib import Path

import aiohttp
import pyarrow as pa

TABLES = [
    "demo.survey.stations",
    "demo.survey.observations",
    "demo.survey.weather",
    "demo.survey.calibrations",
    "demo.survey.transients",
    "demo.archive.legacy_readings",
]
DETAILS_AND_VERDICTS = 200
PREVIEWS = 50
PREVIEW_ROWS = 50
#: The whole burst must be answered well within this; a request stuck behind a hung helper would not be.
BURST_LIMIT_SECONDS = 60


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def check_every_table(server):
    """Each table's verdict, from a real check, so the verdict requests under load have one to return."""
    verdicts = {}
    for table in TABLES:
        progress = server.api(f"tables/{table}/check", method="POST").json()
        deadline = time.monotonic() + 60
        while progress["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.1)
            progress = server.api(f"checks/{progress['checkId']}").json()
        assert progress["state"] == "done", progress
        verdicts[table] = server.api(f"tables/{table}/verdict").json()
    return verdicts


async def burst(server):
    """Every request at once; returns (kind, table, seconds, status, content type, body) per request."""
    requests = [
        ("details" if i % 2 else "verdict", TABLES[i % len(TABLES)])
        for i in range(DETAILS_AND_VERDICTS)
    ]
    requests += [("preview", TABLES[i % len(TABLES)]) for i in range(PREVIEWS)]
    paths = {
        "details": "tables/{}",
        "verdict": "tables/{}/verdict",
        "preview": "tables/{}/preview?limit=" + str(PREVIEW_ROWS),
    }
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=BURST_LIMIT_SECONDS)
    async with aiohttp.ClientSession(
        headers=server.auth, connector=connector, timeout=timeout
    ) as session:

        async def one(kind, table):
            started = time.monotonic()
            async with session.get(
                server.url + "dual-layout/api/" + paths[kind].format(table)
            ) as response:
                body = await response.read()
                return (
                    kind,
                    table,
                    time.monotonic() - started,
                    response.status,
                    response.content_type,
                    body,
                )

        return await asyncio.gather(*(one(kind, table) for kind, table in requests))


def test_concurrent_details_verdicts_and_previews_all_succeed(demo_server):
    idle = check_every_table(demo_server)
    idle_details = {
        table: demo_server.api(f"tables/{table}").json() for table in TABLES
    }
    pid = demo_server.helper_pid()
    rss_before = rss_mib(pid)

    started = time.monotonic()
    results = asyncio.run(burst(demo_server))
    wall = time.monotonic() - started

    failures = [
        (kind, table, status, body[:200])
        for kind, table, _, status, _, body in results
        if status != 200
    ]
    assert failures == []
    for kind, table, _, _, content_type, body in results:
        if kind == "preview":
            assert content_type == "application/vnd.apache.arrow.stream"
            assert pa.ipc.open_stream(body).read_all().num_rows == min(
                PREVIEW_ROWS, idle_details[table]["recordCount"]
            )
        elif kind == "verdict":
            assert json.loads(body) == idle[table]
        else:
            assert json.loads(body) == idle_details[table]
    # Busy is not hung: the health probe never mistook the load for a hang.
    assert demo_server.helper_pid() == pid
    assert "killing it" not in demo_server.log_path.read_text()

    rss_after = rss_mib(pid)
    print(
        f"\nload: {len(results)} requests in {wall:.2f} s; helper RSS {rss_before:.0f} MiB before, {rss_after:.0f} MiB after"
    )
    for kind in ("details", "verdict", "preview"):
        seconds = [s for k, _, s, *_ in results if k == kind]
        print(
            f"  {kind:8} n={len(seconds):3}  p50 {statistics.median(seconds) * 1000:7.1f} ms"
            f"  p99 {percentile(seconds, 0.99) * 1000:7.1f} ms  max {max(seconds) * 1000:7.1f} ms"
        )
    assert wall < BURST_LIMIT_SECONDS
