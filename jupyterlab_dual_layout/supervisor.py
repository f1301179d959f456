"""Start the Node helper on a private unix socket and keep it running.

The socket lives in a directory only this user can enter, and every request
must carry a token known only to Jupyter Server, so other local users and
processes cannot talk to the helper directly.
"""

import asyncio
import json
import os
import secrets
import shutil
import tempfile

from .node import NodeNotFoundError, find_node, helper_script

# Restart delays after the helper dies; the last one repeats.
BACKOFF_SECONDS = (0.5, 1, 2, 5, 10, 30)
READY_TIMEOUT_SECONDS = 30


class HelperSupervisor:
    def __init__(self, log, settings, cwd):
        self.log = log
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
        self._task = None
        self._stopping = False

    @property
    def ready(self):
        return self._ready.is_set()

    def start(self):
        self._task = asyncio.ensure_future(self._run())

    async def wait_ready(self, timeout=READY_TIMEOUT_SECONDS):
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except asyncio.TimeoutError:
            return False
        return True

    async def _run(self):
        attempt = 0
        while not self._stopping:
            try:
                node = find_node()
                script = helper_script()
            except (NodeNotFoundError, FileNotFoundError) as error:
                self.last_error = str(error)
                self.log.error("dual-layout: %s", error)
                return
            started = asyncio.get_event_loop().time()
            await self._run_once(node, script)
            if self._stopping:
                return
            # A helper that ran for a while before dying gets a fresh backoff.
            if asyncio.get_event_loop().time() - started > 60:
                attempt = 0
            delay = BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]
            attempt += 1
            self.restarts += 1
            self.log.warning("dual-layout: helper exited (%s); restarting in %ss", self.last_error, delay)
            await asyncio.sleep(delay)

    async def _run_once(self, node, script):
        if os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        env = dict(os.environ)
        env["DUAL_LAYOUT_HELPER_TOKEN"] = self.token
        env["DUAL_LAYOUT_SETTINGS"] = json.dumps(self.settings)
        # stdin stays open as a lifeline: the helper exits when Jupyter Server goes away, even on SIGKILL.
        self.process = await asyncio.create_subprocess_exec(
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
        self.log.info("dual-layout: helper started (pid %s) on %s", self.process.pid, self.socket_path)
        stderr_tail = []
        await asyncio.gather(
            self._read_stdout(self.process.stdout),
            self._read_stderr(self.process.stderr, stderr_tail),
        )
        code = await self.process.wait()
        self._ready.clear()
        self.last_error = f"exit code {code}" + (f": {stderr_tail[-1]}" if stderr_tail else "")

    async def _read_stdout(self, stream):
        async for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            if line.startswith("ready "):
                self.last_error = None
                self._ready.set()
            elif line:
                self.log.info("dual-layout helper: %s", line)

    async def _read_stderr(self, stream, tail):
        async for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                tail[:] = tail[-4:] + [line]
                self.log.warning("dual-layout helper: %s", line)

    async def stop(self):
        self._stopping = True
        if self.process and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except asyncio.TimeoutError:
                self.process.kill()
        if self._task:
            self._task.cancel()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
