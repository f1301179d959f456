"""The server extension starts the helper, forwards authenticated requests to it, and supervises it."""

import importlib.metadata
import json
import os
import signal
import socket
import time
from pathlib import Path

import requests

import jupyterlab_dual_layout
from tests.fixtures.jupyter import process_alive


def isolated_env(tmp_path):
    # No .pyiceberg.yaml anywhere the helper looks: an empty, valid configuration.
    return {"PYICEBERG_HOME": str(tmp_path), "HOME": str(tmp_path)}


def test_helper_answers_through_jupyter_server(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    response = server.api("version")
    assert response.status_code == 200
    assert response.json()["name"] == "jupyterlab-dual-layout"


def test_front_end_helper_and_wheel_report_the_version_in_package_json(
    start_jupyter, tmp_path
):
    root = Path(jupyterlab_dual_layout.__file__).parent.parent
    version = json.loads((root / "package.json").read_text())["version"]
    server = start_jupyter(env=isolated_env(tmp_path))
    assert server.api("version").json()["version"] == version  # the helper
    assert importlib.metadata.version("jupyterlab_dual_layout") == version  # the wheel
    assert jupyterlab_dual_layout.__version__ == version
    # The front end: the built lab extension and the module its bundle compiles the version from.
    labextension = root / "jupyterlab_dual_layout" / "labextension" / "package.json"
    assert json.loads(labextension.read_text())["version"] == version
    generated = (root / "lib" / "core" / "version.generated.js").read_text()
    assert f"export const PACKAGE_VERSION = '{version}';" in generated


def test_requests_without_authentication_are_refused(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    response = server.api("version", auth=False)
    assert response.status_code == 403
    assert "jupyterlab-dual-layout" not in response.text


def test_state_changing_requests_need_the_xsrf_token(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    browser = requests.Session()
    # Log in the way a browser does: the token in the URL sets the login cookie.
    assert browser.get(server.url + f"lab?token={server.token}", timeout=30).ok
    assert (
        browser.get(server.url + "dual-layout/api/version", timeout=30).status_code
        == 200
    )

    without_xsrf = browser.post(server.url + "dual-layout/api/refresh", timeout=30)
    assert without_xsrf.status_code == 403

    xsrf = browser.cookies.get("_xsrf")
    assert xsrf, "Jupyter Server sets an _xsrf cookie for logged-in browsers"
    with_xsrf = browser.post(
        server.url + "dual-layout/api/refresh",
        headers={"X-XSRFToken": xsrf},
        timeout=30,
    )
    assert with_xsrf.status_code != 403


def test_the_helper_socket_is_private(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    assert (
        server.api("version").status_code == 200
    )  # the socket exists once the helper answers
    pid = server.helper_pid()
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    socket_path = cmdline[cmdline.index(b"--socket") + 1].decode()
    assert oct(os.stat(os.path.dirname(socket_path)).st_mode & 0o777) == "0o700"
    # Even a process that finds the socket cannot use it without the token.
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(socket_path)
        client.sendall(
            b"GET /api/version HTTP/1.1\r\nHost: helper\r\nConnection: close\r\n\r\n"
        )
        reply = b""
        while chunk := client.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 401")


def test_a_killed_helper_is_restarted(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    assert server.api("version").status_code == 200
    first = server.helper_pid()
    os.kill(first, signal.SIGKILL)
    deadline = time.time() + 30
    while time.time() < deadline:
        if server.api("version").status_code == 200 and server.helper_pid() != first:
            break
        time.sleep(0.3)
    assert server.helper_pid() != first
    assert server.api("version").status_code == 200


def test_the_helper_dies_with_the_server(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    helper = server.helper_pid()
    server.process.kill()  # no clean shutdown: the helper must notice on its own
    server.process.wait(10)
    deadline = time.time() + 15
    while time.time() < deadline and process_alive(helper):
        time.sleep(0.2)
    assert not process_alive(helper)


def test_a_clean_shutdown_stops_the_helper_through_the_extension_lifecycle(
    start_jupyter, tmp_path
):
    server = start_jupyter(env=isolated_env(tmp_path))
    assert server.api("version").status_code == 200
    helper = server.helper_pid()
    cmdline = Path(f"/proc/{helper}/cmdline").read_bytes().split(b"\0")
    runtime_dir = os.path.dirname(cmdline[cmdline.index(b"--socket") + 1].decode())
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(15) == 0
    # Only the extension's stop hook removes the socket's folder; a helper that merely noticed
    # its closed stdin would leave it behind.
    assert not process_alive(helper)
    assert not os.path.exists(runtime_dir)
    assert "dual-layout: helper stopped" in server.log_path.read_text()


def test_a_missing_node_is_reported_with_the_fix(start_jupyter, tmp_path):
    env = {**isolated_env(tmp_path), "DUAL_LAYOUT_NODE": str(tmp_path / "no-such-node")}
    server = start_jupyter(env=env)
    response = server.api("version")
    assert response.status_code == 503
    message = response.json()["error"]["message"]
    assert "Node.js" in message and "DUAL_LAYOUT_NODE" in message
    assert "no-such-node" in server.log_path.read_text()


def test_admin_settings_reach_the_helper(start_jupyter, tmp_path):
    server = start_jupyter(
        env=isolated_env(tmp_path),
        extra_args=[
            "--DualLayout.protected_paths=s3://lake/curated/",
            "--DualLayout.allowed_paths=s3://lake/curated/scratch/",
            "--DualLayout.guard_mode=block",
        ],
    )
    policy = server.api("policy").json()
    assert policy["protectedPaths"] == ["s3://lake/curated/"]
    assert policy["allowedPaths"] == ["s3://lake/curated/scratch/"]
    assert policy["guardMode"] == "block"


def test_encoded_path_segments_reach_the_helper_encoded(start_jupyter, tmp_path):
    server = start_jupyter(env=isolated_env(tmp_path))
    # `%2F` must stay inside one segment: the helper refuses a separator in a table id (400),
    # where a decoded `/` would have made an unknown endpoint (404).
    response = server.api("tables/demo.ns.a%2Fb")
    assert response.status_code == 400, response.text
    assert "Invalid id" in response.json()["error"]["message"]
    # A space arrives intact, so the helper gets as far as looking for the (unconfigured) catalog.
    spaced = server.api("tables/demo.ns.with%20space")
    assert spaced.status_code == 404
    assert spaced.json()["error"]["message"].startswith(
        "'demo.ns.with space' names catalog 'demo'"
    )
