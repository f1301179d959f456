"""JupyterLab extension and server glue for dual-layout (Iceberg + Hive) tables.

The Python side only starts and proxies the TypeScript helper; everything the
product does lives in the helper and the front end.
"""

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-dual-layout"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_dual_layout"}]


def _load_jupyter_server_extension(server_app):
    from .extension import load

    load(server_app)
