"""The policy file kernels read: what the runtime write guard protects, handed over without secrets.

Kernels inherit Jupyter Server's environment, so ``DUAL_LAYOUT_POLICY`` set here names this file in
every kernel the server starts. The file holds the helper's ``GET policy`` reduced to what the guard
matches on (tables, their locations, the admin's paths) plus the admin's guard mode. It is rewritten
atomically, so a kernel never reads half a file, whenever the policy may have changed:

- when a helper becomes ready (the first start and every restart);
- after each ``POST refresh`` that succeeds;
- whenever a ``GET policy`` answer passes through the proxy (the browser's guard asks for it as
  cells run): the catalogs give no cheap signal that a table appeared, and that answer is already
  paid for.

A helper that is down, or a policy that cannot be built, leaves the last good file in place: losing
the helper must never lift protection.
"""

import asyncio
import json
import os
import tempfile

from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.simple_httpclient import HTTPTimeoutError, SimpleAsyncHTTPClient

from .handlers import UnixSocketResolver

ENV_VARIABLE = "DUAL_LAYOUT_POLICY"
#: The parts of ``GET policy`` the runtime guard uses; nothing else is written for kernels to read.
POLICY_KEYS = ("protected", "protectedPaths", "allowedPaths")
#: Building the policy opens every table; a large catalog takes a while.
FETCH_TIMEOUT_SECONDS = 300


class KernelPolicyFile:
    def __init__(self, log, runtime_dir, mode, supervisor):
        self.log = log
        self.mode = mode
        self.supervisor = supervisor
        own_path = os.path.join(runtime_dir, f"dual-layout-policy-{os.getpid()}.json")
        # An administrator's own DUAL_LAYOUT_POLICY wins: kernels read that file, and it is not ours to write.
        self.path = os.environ.setdefault(ENV_VARIABLE, own_path)
        self.owned = self.path == own_path
        self._lock = asyncio.Lock()
        #: The protected tables last written, kept for catalogs that cannot be listed later.
        self._published = []
        self._client = None
        if not self.owned:
            log.info(
                "dual-layout: kernels read the guard policy from %s (%s set by the administrator)",
                self.path,
                ENV_VARIABLE,
            )

    def publish(self, body):
        """Write the helper's ``GET policy`` answer (bytes or str of JSON) for kernels; False when not written."""
        if not self.owned:
            return False
        try:
            answer = json.loads(body)
        except ValueError as error:
            self.log.warning(
                "dual-layout: the helper's policy is not JSON (%s); kernels keep %s",
                error,
                self.path,
            )
            return False
        if not isinstance(answer, dict) or not all(
            isinstance(answer.get(key), list) for key in POLICY_KEYS
        ):
            self.log.warning(
                "dual-layout: the helper's policy lacks %s; kernels keep %s",
                ", ".join(POLICY_KEYS),
                self.path,
            )
            return False
        policy = {key: answer[key] for key in POLICY_KEYS}
        policy["protected"] = self._with_unlisted_tables(policy["protected"], answer)
        policy["mode"] = self.mode
        try:
            self._write(json.dumps(policy, indent=1))
        except OSError as error:
            self.log.error(
                "dual-layout: could not write the guard policy to %s: %s",
                self.path,
                error,
            )
            return False
        return True

    async def update(self):
        """Ask the helper for the policy and publish it; keeps the last good file when that fails."""
        if not self.owned:
            return
        async with self._lock:
            request = HTTPRequest(
                "http://helper/api/policy",
                headers={"X-Dual-Layout-Token": self.supervisor.token},
                request_timeout=FETCH_TIMEOUT_SECONDS,
            )
            try:
                response = await self._http().fetch(request, raise_error=False)
            except (
                OSError,
                StreamClosedError,
                HTTPClientError,
                HTTPTimeoutError,
            ) as error:
                self.log.warning(
                    "dual-layout: could not ask the helper for the policy (%s); kernels keep %s",
                    error,
                    self.path,
                )
                return
            if response.code != 200:
                self.log.warning(
                    "dual-layout: the helper answered %s for the policy; kernels keep %s",
                    response.code,
                    self.path,
                )
                return
            if self.publish(response.body):
                self.log.info(
                    "dual-layout: guard policy for kernels written to %s", self.path
                )

    def _with_unlisted_tables(self, protected, answer):
        """Tables of a catalog that could not be listed this time stay protected as last published.

        The helper then protects such a catalog's tables only through the admin's paths; a catalog
        that is briefly down must not lift the kernels' protection of tables it had before.
        """
        down = [
            entry.get("catalog") for entry in answer.get("unavailableCatalogs") or []
        ]
        if down:
            every_catalog = None in down  # the configuration itself could not be read
            names = {str(name).lower() for name in down if name is not None}
            known = {(entry.get("table"), entry.get("location")) for entry in protected}
            protected = protected + [
                entry
                for entry in self._published
                if (every_catalog or entry["table"].split(".", 1)[0].lower() in names)
                and (entry.get("table"), entry.get("location")) not in known
            ]
        self._published = protected
        return protected

    def schedule_update(self):
        asyncio.ensure_future(self.update())

    def remove(self):
        if self._client is not None:
            self._client.close()
        if self.owned:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass

    def _http(self):
        if self._client is None:
            self._client = SimpleAsyncHTTPClient(
                force_instance=True,
                resolver=UnixSocketResolver(socket_path=self.supervisor.socket_path),
            )
        return self._client

    def _write(self, text):
        folder = os.path.dirname(self.path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        # mkstemp creates the file 0600 beside its target, so os.replace is an atomic rename.
        descriptor, temporary = tempfile.mkstemp(
            prefix=".dual-layout-policy-", suffix=".tmp", dir=folder
        )
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise
