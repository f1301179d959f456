"""Jupyter Server configuration for the Galata UI tests (never use it in production)."""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

# Our own port on loopback only, so the UI tests never collide with a JupyterLab a developer has open.
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.port = int(os.environ.get("DUAL_LAYOUT_UI_PORT", "8898"))  # noqa: F821
# CI and these development machines run as root.
c.ServerApp.allow_root = True  # noqa: F821
