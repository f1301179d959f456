"""Start the Node helper on a private unix socket and keep it running.

The socket lives in a directory only this user can enter, and every request
must carry a token known only to Jupyter Server, so other local users and
processes cannot talk to the helper directly.

The helper always comes back: it is restarted when it exits, when it never
says it is ready, and when it stops answering the health probe (stopped,
stuck, or its socket closed); repeated failures back off exponentially up to
a bound, and the supervisor never gives up.
"""

import asyncio
import json
import math
import os
import secrets
import shutil
import tempfile

from .health import probe
from .lines import read_lines
from .node import NodeNotFoundError, find_node, helper_script

BACKOFF_FIRST_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 30
#: A helper that stayed healthy this long starts the backoff afresh when it dies.
STABLE_SECONDS = 60
#: A helper that has not said `ready` by then is stuck starting and is killed.
READY_TIMEOUT_SECONDS = 30
PROBE_INTERVAL_SECONDS = 1
#: A helper is hung when two probes in a row get no answer in this time and no proxied request got
#: one meanwhile either: a helper busy answering others is slow, not hung.
PROBE_TIMEOUT_SECONDS = 2
#: What a start usually takes, added to the backoff in `Retry-After`.
START_SECONDS = 1
#: Characters of the helper's last stderr line kept in the reason shown to users.
MAX_REASON_CHARS = 500


class HelperSupervisor:
    def __init__(self, log, settings, cwd, on_ready=None):
        """``on_ready()`` is called each time a helper (the first or a restarted one) becomes ready."""
        self.log = log
        self._on_ready = on_ready
        self.settings = settings
        self.cwd = cwd
        self.token = secrets.token_urlsafe(32)
        self.runtime_dir = tempfile.mkdtemp(prefix="dual-layout-")
        os.chmod(self.runtime_dir, 0o700)
        self.socket_path = os.path.join(self.runtime_dir, "helper.sock")
        self.process = None
        self.last_error = None
        self.restarts = 0
        self._ready = asyncio.Event()
        self._unreachable = asyncio.Event()
        self._last_answer = None
        self._next_start = None
        self._task = None
        self._stopping = False

    @property
    def ready(self):
        return self._ready.is_set()

    @property
    def first_start(self):
        """True while the first helper is starting: it has neither failed nor stopped yet."""
        return self.restarts == 0 and self.last_error is None

    def start(self):
        self._task = asyncio.ensure_future(self._run())

    async def wait_ready(self, timeout):
        """True once the helper is ready; False after `timeout` s, or at once when it cannot be ready by then."""
        if self._next_start is not None and self._next_start - _now() > timeout:
            return False
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except asyncio.TimeoutError:
            return False
        return True

    def retry_after(self):
        """Whole seconds until the helper should answer again, for a 503's `Retry-After`."""
        waiting = self._next_start - _now() if self._next_start is not None else 0
        return max(1, math.ceil(waiting + START_SECONDS))

    def report_answer(self):
        """The proxy got an answer from the helper: it is alive, however slow its probes."""
        self._last_answer = _now()

    def report_unreachable(self):
        """The proxy could not reach a helper believed ready: probe it now rather than at the next interval."""
        self._unreachable.set()

    async def _run(self):
        failures = 0
        while not self._stopping:
            try:
                ready_at = await self._run_once()
            except (
                Exception
            ) as error:  # the supervisor itself must outlive anything one run throws
                self.last_error = f"supervisor error: {error!r}"
                self.log.exception("dual-layout: supervising the helper failed")
                ready_at = None
            if self._stopping:
                return
            if ready_at is not None and _now() - ready_at > STABLE_SECONDS:
                failures = 0
            delay = restart_delay(failures)
            failures += 1
            self.restarts += 1
            self.log.warning(
                "dual-layout: helper stopped (%s); restarting in %gs",
                self.last_error,
                delay,
            )
            self._next_start = _now() + delay
            await asyncio.sleep(delay)
            self._next_start = None

    async def _run_once(self):
        """Run one helper until it exits or is killed; returns when it became ready (loop time), if it did."""
        try:
            node = find_node()
            script = helper_script()
        except (NodeNotFoundError, FileNotFoundError) as error:
            self.last_error = str(error)
            self.log.error("dual-layout: %s", error)
            return None
        if os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        env = dict(os.environ)
        env["DUAL_LAYOUT_HELPER_TOKEN"] = self.token
        env["DUAL_LAYOUT_SETTINGS"] = json.dumps(self.settings)
        try:
            # stdin stays open as a lifeline: the helper exits when Jupyter Server goes away, even on SIGKILL.
            process = await asyncio.create_subprocess_exec(
                node,
                script,
                "serve",
                "--socket",
                self.socket_path,
                "--exit-on-stdin-close",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=self.cwd,
                env=env,
            )
        except OSError as error:
            self.last_error = f"cannot start {node}: {error}"
            self.log.error("dual-layout: %s", self.last_error)
            return None
        self.process = process
        self.log.info(
            "dual-layout: helper started (pid %s) on %s", process.pid, self.socket_path
        )
        stderr_tail = []
        ready_at = []

        def on_stdout(line):
            if line.startswith("ready "):
                ready_at.append(_now())
                self.last_error = None
                self._ready.set()
                if self._on_ready is not None:
                    self._on_ready()
            elif line:
                self.log.info("dual-layout helper: %s", line)

        def on_stderr(line):
            if line:
                stderr_tail[:] = [line]
                self.log.warning("dual-layout helper: %s", line)

        watchdog = asyncio.ensure_future(self._watch(process))
        try:
            await asyncio.gather(
                read_lines(process.stdout, on_stdout),
                read_lines(process.stderr, on_stderr),
            )
            code = await process.wait()
        finally:
            self._ready.clear()
            watchdog.cancel()
        killed_for = (
            watchdog.result() if watchdog.done() and not watchdog.cancelled() else None
        )
        if killed_for:
            self.last_error = f"killed: {killed_for}"
        else:
            tail = f": {stderr_tail[-1][:MAX_REASON_CHARS]}" if stderr_tail else ""
            self.last_error = f"exit code {code}{tail}"
        return ready_at[0] if ready_at else None

    async def _watch(self, process):
        """Kill the helper when it does not become ready in time or stops answering; returns why it did."""
        try:
            await asyncio.wait_for(self._ready.wait(), READY_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            return self._kill(process, f"not ready after {READY_TIMEOUT_SECONDS} s")
        while process.returncode is None:
            self._unreachable.clear()
            try:
                await asyncio.wait_for(self._unreachable.wait(), PROBE_INTERVAL_SECONDS)
            except asyncio.TimeoutError:
                pass
            asked = _now()
            failure = await probe(self.socket_path, self.token, PROBE_TIMEOUT_SECONDS)
            if failure is not None:
                # One slow answer under load is not a hang: ask again before acting.
                failure = await probe(
                    self.socket_path, self.token, PROBE_TIMEOUT_SECONDS
                )
            answered_others = (
                self._last_answer is not None and self._last_answer >= asked
            )
            if (
                failure is not None
                and not answered_others
                and process.returncode is None
            ):
                return self._kill(process, f"health probe failed twice ({failure})")
        return None

    def _kill(self, process, reason):
        self._ready.clear()
        self.log.warning(
            "dual-layout: helper (pid %s) %s; killing it", process.pid, reason
        )
        # SIGKILL, because a stopped or SIGTERM-ignoring process would outlive anything gentler.
        process.kill()
        return reason

    async def stop(self):
        self._stopping = True
        process = self.process
        if process and process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except asyncio.TimeoutError:
                process.kill()
        if self._task:
            self._task.cancel()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)


def restart_delay(failures):
    """Seconds to wait before the next start after `failures` failed runs in a row: doubling, bounded."""
    # The exponent is capped: after a night of crashes 2**failures would overflow a float.
    doublings = min(
        failures, math.ceil(math.log2(BACKOFF_MAX_SECONDS / BACKOFF_FIRST_SECONDS))
    )
    return min(BACKOFF_FIRST_SECONDS * 2**doublings, BACKOFF_MAX_SECONDS)


def _now():
    return asyncio.get_event_loop().time()
