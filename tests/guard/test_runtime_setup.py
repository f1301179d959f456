"""The configurations the README gives an administrator turn the guard on in every kernel, and
unloading it gives the kernel back its unguarded writers."""

from __future__ import annotations

import pytest

from tests.guard.conftest import GuardLake
from tests.guard.kernel import Kernel


@pytest.mark.parametrize("how", ["ipython-profile", "kernel-argv"])
def test_the_admin_configuration_guards_a_new_kernel(
    guard_lake: GuardLake, tmp_path, how: str
):
    env = {"DUAL_LAYOUT_POLICY": str(guard_lake.policy_file)}
    extra: list[str] = []
    if how == "ipython-profile":
        profile = tmp_path / "ipython" / "profile_default"
        profile.mkdir(parents=True)
        (profile / "ipython_kernel_config.py").write_text(
            'c.InteractiveShellApp.extensions = ["jupyterlab_dual_layout.guard"]\n'
        )
        env["IPYTHONDIR"] = str(tmp_path / "ipython")
    else:
        extra = ["--ext=jupyterlab_dual_layout.guard"]
    kernel = Kernel(env, cwd=str(tmp_path), extra_arguments=extra)
    try:
        result = kernel.run(f"open({str(guard_lake.curated / 'admin.csv')!r}, 'w')")
        assert (result.ename, result.evalue.split(" would ")[0]) == (
            "ProtectedWriteError",
            "open(mode='w')",
        )
    finally:
        kernel.shutdown()
    assert not (guard_lake.curated / "admin.csv").exists()


def test_unloading_restores_the_writers_and_loading_again_guards_them(
    kernel: Kernel, guard_lake: GuardLake
):
    target = guard_lake.curated / "unguarded.parquet"
    write = (
        f"import pandas as pd\npd.DataFrame({{'a': [1]}}).to_parquet({str(target)!r})"
    )
    try:
        kernel.ok("%unload_ext jupyterlab_dual_layout.guard")
        kernel.ok(
            "import pandas as pd\nassert not hasattr(pd.DataFrame.to_parquet, '__dual_layout_guarded__')\n"
            + write
        )
        assert target.is_file()
        target.unlink()
    finally:
        kernel.ok("%load_ext jupyterlab_dual_layout.guard")
    result = kernel.run(write)
    assert (result.ename, result.evalue.split(" would ")[0]) == (
        "ProtectedWriteError",
        "pandas DataFrame.to_parquet",
    )
    assert not target.exists()
