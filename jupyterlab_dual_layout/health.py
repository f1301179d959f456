"""Ask the helper whether it still answers, over its unix socket.

A helper can be alive without serving: stopped (SIGSTOP), stuck in a loop, or
with its socket closed. Only a request that gets an answer tells them apart.
"""

import asyncio

PROBE_PATH = "/api/version"


async def probe(socket_path, token, timeout):
    """None when the helper answers ``GET /api/version`` with 200 within ``timeout`` seconds, else why not."""
    try:
        status = await asyncio.wait_for(_status_line(socket_path, token), timeout)
    except asyncio.TimeoutError:
        return f"no answer within {timeout:g} s"
    except OSError as error:
        return f"cannot connect ({error.strerror or error})"
    if not status.startswith(b"HTTP/1.1 200"):
        return f"answered {status.decode('latin-1').strip() or 'nothing'}"
    return None


async def _status_line(socket_path, token):
    reader, writer = await asyncio.open_unix_connection(socket_path)
    try:
        writer.write(
            (
                f"GET {PROBE_PATH} HTTP/1.1\r\nHost: helper\r\n"
                f"X-Dual-Layout-Token: {token}\r\nConnection: close\r\n\r\n"
            ).encode("latin-1")
        )
        await writer.drain()
        return await reader.readline()
    finally:
        writer.close()
