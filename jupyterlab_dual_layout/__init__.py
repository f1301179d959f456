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
    # Imported here: kernels import this package for the runtime guard and need no Jupyter Server.
    from .extension import DualLayoutExtension

    return [{"module": "jupyterlab_dual_layout", "app": DualLayoutExtension}]
