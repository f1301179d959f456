"""Jupyter Server routes that forward `dual-layout/api/*` to the helper.

Authentication and XSRF checks are Jupyter Server's own (APIHandler); the
helper only ever sees requests that passed them.
"""

import json
import socket

from jupyter_server.base.handlers import APIHandler
from tornado import web
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.netutil import Resolver
from tornado.simple_httpclient import HTTPTimeoutError, SimpleAsyncHTTPClient

API_PREFIX = "dual-layout/api"
FORWARDED_RESPONSE_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "ETag",
    "X-Dual-Layout-Deletes",
)
REQUEST_TIMEOUT_SECONDS = 600
#: Requests that arrive while the very first helper starts wait for it; during a restart they get a 503 at once.
FIRST_START_WAIT_SECONDS = 10
#: Requests forwarded at once; the rest queue in Jupyter Server (Tornado's default is 10).
MAX_CONCURRENT_REQUESTS = 100


class UnixSocketResolver(Resolver):
    """Resolves every host name to the helper's unix socket."""

    def initialize(self, socket_path):
        self.socket_path = socket_path

    async def resolve(self, host, port, family=socket.AF_UNSPEC):
        return [(socket.AF_UNIX, self.socket_path)]


class HelperProxyHandler(APIHandler):
    def initialize(self, supervisor, kernel_policy):
        self.supervisor = supervisor
        self.kernel_policy = kernel_policy

    def _client(self):
        client = self.settings.get("dual_layout_http_client")
        if client is None:
            client = SimpleAsyncHTTPClient(
                force_instance=True,
                max_clients=MAX_CONCURRENT_REQUESTS,
                resolver=UnixSocketResolver(socket_path=self.supervisor.socket_path),
            )
            self.settings["dual_layout_http_client"] = client
        return client

    def _unavailable(self, reason):
        """503 with `Retry-After`: the helper is (re)starting, which the supervisor sees through."""
        seconds = self.supervisor.retry_after()
        self.set_status(503)
        self.set_header("Retry-After", str(seconds))
        message = f"The dual-layout helper is restarting ({reason}); try again in {seconds} s."
        self.finish(json.dumps({"error": {"message": message}}))

    async def _forward(self, path):
        supervisor = self.supervisor
        if not supervisor.ready and not (
            supervisor.first_start
            and await supervisor.wait_ready(FIRST_START_WAIT_SECONDS)
        ):
            self._unavailable(supervisor.last_error or "it is starting")
            return
        # Tornado hands `path` over URL-decoded; forward the raw, still-encoded path instead so a
        # table id with `%2F`, `%` or a space reaches the helper as one segment.
        raw_path = self.request.path.split("/" + API_PREFIX + "/", 1)[-1]
        query = ("?" + self.request.query) if self.request.query else ""
        body = self.request.body if self.request.method in ("POST", "PUT") else None
        headers = {"X-Dual-Layout-Token": self.supervisor.token}
        if "Content-Type" in self.request.headers:
            headers["Content-Type"] = self.request.headers["Content-Type"]
        request = HTTPRequest(
            f"http://helper/api/{raw_path}{query}",
            method=self.request.method,
            headers=headers,
            body=body,
            request_timeout=REQUEST_TIMEOUT_SECONDS,
            allow_nonstandard_methods=True,
        )
        try:
            response = await self._client().fetch(request, raise_error=False)
        except HTTPTimeoutError:
            self.set_status(504)
            message = f"The dual-layout helper did not answer within {REQUEST_TIMEOUT_SECONDS} s"
            self.finish(json.dumps({"error": {"message": message}}))
            return
        except (OSError, StreamClosedError, HTTPClientError) as error:
            # Refused, reset or closed: the helper died or hangs, and the supervisor is told to look now.
            supervisor.report_unreachable()
            self._unavailable(f"the connection failed: {error}")
            return
        supervisor.report_answer()
        self._pass_policy_to_kernels(raw_path, response)
        self.set_status(response.code)
        for name in FORWARDED_RESPONSE_HEADERS:
            if name in response.headers:
                self.set_header(name, response.headers[name])
        # APIHandler.finish would label every body JSON, an Arrow preview included: pass the helper's type on.
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        self.finish(response.body or b"", set_content_type=content_type)

    def _pass_policy_to_kernels(self, raw_path, response):
        """Kernels' policy file follows every policy the helper hands out and every refresh."""
        if response.code != 200:
            return
        if self.request.method == "GET" and raw_path == "policy":
            self.kernel_policy.publish(response.body)
        elif self.request.method == "POST" and raw_path == "refresh":
            self.kernel_policy.schedule_update()

    @web.authenticated
    async def get(self, path):
        await self._forward(path)

    @web.authenticated
    async def post(self, path):
        await self._forward(path)

    @web.authenticated
    async def delete(self, path):
        await self._forward(path)
