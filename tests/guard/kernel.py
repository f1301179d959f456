"""A real IPython kernel (the venv's ipykernel) driven through jupyter_client, as a notebook drives it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Execution:
    status: str
    ename: str | None
    evalue: str
    #: Everything the cell printed (stdout and stderr streams) and its error traceback.
    output: str

    def raised(self) -> tuple[str | None, str]:
        """The exception the cell raised, also when IPython only printed it (``%run`` reports a
        script's exception in the output and replies "ok")."""
        if self.status == "error":
            return self.ename, self.evalue
        for line in reversed(_ANSI.sub("", self.output).splitlines()):
            name, sep, value = line.partition(": ")
            if sep and name.isidentifier() and name.endswith("Error"):
                return name, value
        return None, ""


class Kernel:
    def __init__(
        self, env: dict[str, str], cwd: str, extra_arguments: list[str] | None = None
    ) -> None:
        self.manager, self.client = start_new_kernel(
            kernel_name="python3",
            startup_timeout=TIMEOUT,
            env={**os.environ, **env},
            cwd=cwd,
            extra_arguments=extra_arguments or [],
        )

    def run(
        self, code: str, *, silent: bool = False, timeout: float = TIMEOUT
    ) -> Execution:
        return execute(self.client, code, silent=silent, timeout=timeout)

    def ok(self, code: str, *, timeout: float = TIMEOUT) -> Execution:
        """Run ``code`` and fail the test with the kernel's error if it raised."""
        result = self.run(code, timeout=timeout)
        assert result.status == "ok", (
            f"{result.ename}: {result.evalue}\n{result.output}"
        )
        return result

    def shutdown(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def execute(
    client, code: str, *, silent: bool = False, timeout: float = TIMEOUT
) -> Execution:
    """Run ``code`` through a connected kernel client, as a notebook does, and collect what it shows."""
    streams: list[str] = []

    def collect(message) -> None:
        if message["msg_type"] == "stream":
            streams.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            streams.append("\n".join(message["content"]["traceback"]))

    reply = client.execute_interactive(
        code, silent=silent, timeout=timeout, output_hook=collect
    )["content"]
    return Execution(
        status=reply["status"],
        ename=reply.get("ename"),
        evalue=reply.get("evalue", ""),
        output="".join(streams),
    )
