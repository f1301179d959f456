"""The helper always comes back: killed, terminated, stopped, flooded or crashing in a loop.

Each probe runs against a real Jupyter Server and its real helper, and measures how long it takes
until requests through Jupyter Server succeed again (printed; run with ``-s`` to see the figures).
While the helper is away, requests get exactly 503 with a ``Retry-After``, never a 500.
"""

from __future__ import annotations

import asyncio
import math
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from jupyterlab_dual_layout.lines import MAX_LINE_BYTES, read_lines
from jupyterlab_dual_layout.supervisor import restart_delay
from tests.fixtures.json_http import JsonRequestHandler
from tests.fixtures.jupyter import process_alive

#: Recovery must take "a few seconds": the restart itself, or the two failed probes that reveal a hang.
RECOVERY_LIMIT_SECONDS = 8
HANG_RECOVERY_LIMIT_SECONDS = 15
#: The supervisor's restart delays after consecutive failures (BACKOFF_FIRST_SECONDS doubling).
BACKOFF = (0.5, 1, 2, 4)


def isolated_env(tmp_path):
    return {"PYICEBERG_HOME": str(tmp_path), "HOME": str(tmp_path)}


def wait_for_new_helper(server, old_pid, timeout):
    """Seconds until a helper other than `old_pid` answers `version` through Jupyter Server."""
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        if server.api("version").status_code == 200:
            pid = server.helper_pid()
            if pid != old_pid:
                return time.monotonic() - started, pid
        time.sleep(0.05)
    raise AssertionError(
        f"the helper did not come back within {timeout} s:\n{server.log_path.read_text()[-3000:]}"
    )


def assert_restarting(response):
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["error"]["message"].startswith(
        "The dual-layout helper is restarting"
    )


@pytest.fixture
def server(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    assert server.api("version").status_code == 200
    return server


@pytest.mark.parametrize(
    "signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"]
)
def test_a_signalled_helper_is_restarted_and_requests_meanwhile_get_503(server, signum):
    first = server.helper_pid()
    os.kill(first, signum)
    # Within the restart delay the helper cannot answer: refused connection or known restart, 503 either way.
    assert_restarting(server.api("version"))
    seconds, second = wait_for_new_helper(server, first, RECOVERY_LIMIT_SECONDS)
    print(f"\nrecovery after {signal.Signals(signum).name}: {seconds:.2f} s")
    assert not process_alive(first)
    assert server.api("policy").status_code == 200
    assert server.helper_pid() == second


def test_a_stopped_helper_is_found_by_the_probe_and_replaced(server):
    first = server.helper_pid()
    os.kill(first, signal.SIGSTOP)
    try:
        started = time.monotonic()
        # A request already on its way to the hung helper is answered 503 once the hang is found.
        in_flight = server.api("version")
        answered = time.monotonic() - started
        assert_restarting(in_flight)
        seconds, _ = wait_for_new_helper(server, first, HANG_RECOVERY_LIMIT_SECONDS)
        seconds += answered
        print(
            f"\nrecovery after SIGSTOP: {seconds:.2f} s (the hung request was answered after {answered:.2f} s)"
        )
        assert seconds < HANG_RECOVERY_LIMIT_SECONDS
        assert not process_alive(first)
        assert (
            "health probe failed twice (no answer within 2 s)"
            in server.log_path.read_text()
        )
    finally:
        if process_alive(first):
            os.kill(first, signal.SIGKILL)


def test_a_live_helper_whose_socket_vanished_is_replaced(server):
    """Alive but unreachable, as after SIGTERM with its stdin still open, or a tmp cleaner removing the socket."""
    first = server.helper_pid()
    cmdline = Path(f"/proc/{first}/cmdline").read_bytes().split(b"\0")
    os.unlink(cmdline[cmdline.index(b"--socket") + 1].decode())
    assert_restarting(server.api("version"))
    seconds, _ = wait_for_new_helper(server, first, RECOVERY_LIMIT_SECONDS)
    print(f"\nrecovery after the socket vanished: {seconds:.2f} s")
    assert not process_alive(first)
    assert "health probe failed twice (cannot connect" in server.log_path.read_text()


class FloodingRestCatalog(JsonRequestHandler):
    """A REST catalog that fails every listing with a one-megabyte error message on one line, as a
    misbehaving server with a long stack trace would; the helper logs that message on stderr."""

    message = (
        "java.lang.IllegalStateException: frame at org.apache.iceberg.rest.Handler.call(Handler.java:42) "
        * 11_000
    )

    def do_GET(self):
        if self.path.startswith("/v1/config"):
            self.answer(200, {"defaults": {}, "overrides": {}})
        else:
            self.answer(
                500,
                {
                    "error": {
                        "message": self.message,
                        "type": "ServerError",
                        "code": 500,
                    }
                },
            )


@pytest.fixture
def flooding_catalog_home(tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FloodingRestCatalog)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    (tmp_path / ".pyiceberg.yaml").write_text(
        f"catalog:\n  flood:\n    type: rest\n    uri: http://127.0.0.1:{httpd.server_address[1]}\n"
    )
    yield tmp_path
    httpd.shutdown()
    httpd.server_close()


def test_megabyte_log_lines_neither_stop_nor_block_the_helper(
    start_jupyter, flooding_catalog_home
):
    assert len(FloodingRestCatalog.message) > 1_000_000
    server = start_jupyter(env=isolated_env(flooding_catalog_home))
    assert server.api("version").status_code == 200
    pid = server.helper_pid()
    started = time.monotonic()
    # Far more than a pipe holds (64 KiB): an undrained stderr would block the helper's next write.
    for _ in range(4):
        response = server.api("catalogs/flood/namespaces")
        assert response.status_code == 502, response.text[:500]
        assert response.json()["error"]["catalog"] == "flood"
    assert server.api("version").status_code == 200
    print(
        f"\nafter 4 one-megabyte log lines the helper answered at once ({time.monotonic() - started:.2f} s in all)"
    )
    # The same helper: it was never blocked, so never restarted.
    assert server.helper_pid() == pid
    log = server.log_path.read_text()
    assert log.count("more bytes)") >= 4
    assert "restarting" not in log


def test_repeated_crashes_back_off_and_the_supervisor_keeps_trying(server):
    pid = server.helper_pid()
    gaps = []
    for _ in BACKOFF[:-1]:
        os.kill(pid, signal.SIGKILL)
        seconds, pid = wait_for_new_helper(
            server, pid, max(BACKOFF) + RECOVERY_LIMIT_SECONDS
        )
        gaps.append(seconds)
    print(
        "\ncrash-to-answer after consecutive SIGKILLs: "
        + ", ".join(f"{gap:.2f} s" for gap in gaps)
    )
    for gap, delay in zip(gaps, BACKOFF, strict=False):
        assert delay <= gap < delay + RECOVERY_LIMIT_SECONDS
    # The fourth crash in a row waits BACKOFF[3] seconds; a request meanwhile is told how long, exactly.
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    response = server.api("version")
    assert_restarting(response)
    # What is left of the delay, plus a second to start: ceil(4 - 0.5 + 1).
    assert response.headers["Retry-After"] == str(math.ceil(BACKOFF[3] - 0.5 + 1))
    seconds, _ = wait_for_new_helper(server, pid, BACKOFF[3] + RECOVERY_LIMIT_SECONDS)
    print(f"after the fourth: {seconds + 0.5:.2f} s")


def test_many_requests_during_a_restart_are_all_503_never_500(server):
    first = server.helper_pid()
    os.kill(first, signal.SIGKILL)
    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(lambda _: server.api("version").status_code, range(40)))
    # All within the first restart delay (BACKOFF[0]), before any new helper can answer.
    assert codes == [503] * 40
    wait_for_new_helper(server, first, RECOVERY_LIMIT_SECONDS)


def test_the_restart_delay_doubles_up_to_a_bound_and_never_ends():
    assert [restart_delay(n) for n in range(9)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
    # A crash loop for days still gets a delay (no float overflow), and still the bounded one.
    assert restart_delay(100_000) == 30


def test_the_line_reader_takes_any_line_length_in_bounded_memory():
    async def lines_of(*chunks):
        stream = asyncio.StreamReader()  # its readline() would raise past 64 KiB
        for chunk in chunks:
            stream.feed_data(chunk)
        stream.feed_eof()
        lines = []
        await read_lines(stream, lines.append)
        return lines

    megabyte = b"x" * 1_000_000
    lines = asyncio.run(
        lines_of(
            b"ready /tmp/s\nfirst ",
            megabyte,
            b" last\nshort\n",
            b"tail without newline",
        )
    )
    assert lines[0] == "ready /tmp/s"
    assert (
        lines[1]
        == "first "
        + "x" * (MAX_LINE_BYTES - 6)
        + f" … ({1_000_000 + 11 - MAX_LINE_BYTES} more bytes)"
    )
    assert lines[2:] == ["short", "tail without newline"]
    # A line split across chunks at any point is one line; invalid UTF-8 is replaced, not fatal.
    assert asyncio.run(lines_of(b"ab", b"c\xff", b"d\n")) == ["abc\ufffdd"]
