#!/usr/bin/env bash
# Builds a fresh demo lakehouse and starts JupyterLab on it, for Galata. The lakehouse sits at one
# fixed path (unless DUAL_LAYOUT_UI_LAKEHOUSE says otherwise), so the paths the UI shows, and with
# them the visual baselines, are the same from every clone.
# The notebook root is a throw-away folder inside it, so tests never touch the repository.
# One table's verdict comes from a verdict store, as an administrator's scheduled check would publish it:
# the UI says who published it and when; every other table is checked by the helper.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
venv="${DUAL_LAYOUT_VENV:-$repo/.venv}"
lakehouse="${DUAL_LAYOUT_UI_LAKEHOUSE:-/tmp/dual-layout-ui-lakehouse}"
rm -rf "$lakehouse"
"$venv/bin/python" "$repo/demo/make_lakehouse.py" "$lakehouse"
mkdir -p "$lakehouse/notebooks"
export PYICEBERG_HOME="$lakehouse"
"$venv/bin/dual-layout" check --publish "$lakehouse/verdicts" --published-by nightly-check demo.survey.stations >/dev/null
# Every kernel loads the runtime write guard, as an administrator's IPython profile would have it.
export IPYTHONDIR="$lakehouse/ipython"
mkdir -p "$IPYTHONDIR/profile_default"
echo 'c.InteractiveShellApp.extensions = ["jupyterlab_dual_layout.guard"]' >"$IPYTHONDIR/profile_default/ipython_kernel_config.py"
export JUPYTERLAB_GALATA_ROOT_DIR="$lakehouse/notebooks"
export PATH="$venv/bin:$PATH"
cd "$here"
exec jupyter lab --config jupyter_server_test_config.py --DualLayout.verdict_store="$lakehouse/verdicts"
