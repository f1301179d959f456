"""Every writer family, reached through every indirection the static layer cannot follow, is refused
by the kernel before it writes, and the protected storage is left exactly as it was."""

from __future__ import annotations

import pytest

from tests.guard.conftest import LOCAL_TABLE, S3_TABLE, GuardLake
from tests.guard.kernel import Kernel
from tests.guard.writers import FAMILIES, Family, function_source

INDIRECTIONS = ("function", "module", "getattr", "env", "run")


@pytest.fixture(scope="module")
def writers_loaded(guarded_kernel: Kernel, guard_lake: GuardLake) -> Kernel:
    """Define every ``write_<family>`` in the kernel, in an importable module and as %run scripts."""
    header = "import os\nimport shutil\n\n\n"
    mods = guard_lake.work / "mods"
    (mods / "dl_writers.py").write_text(
        header + "\n\n".join(function_source(f) for f in FAMILIES)
    )
    scripts = guard_lake.work / "scripts"
    scripts.mkdir(exist_ok=True)
    for family in FAMILIES:
        call = f"write_{family.name}(os.environ[{_env(family)!r}])\n"
        (scripts / f"{family.name}.py").write_text(
            header + function_source(family) + "\n\n" + call
        )
    guarded_kernel.ok(f"sys.path.insert(0, {str(mods)!r})")
    for family in FAMILIES:
        guarded_kernel.ok(function_source(family))
    return guarded_kernel


def _env(family: Family) -> str:
    return "DL_LOCAL_TABLE" if family.storage == "local" else "DL_S3_TABLE"


def _cell(indirection: str, family: Family, folder: str, lake: GuardLake) -> str:
    name = f"write_{family.name}"
    return {
        "function": f"{name}({folder!r})",
        "module": f"import dl_writers\ndl_writers.{name}({folder!r})",
        "getattr": f"import dl_writers\ngetattr(dl_writers, 'write_' + {family.name!r})({folder!r})",
        "env": f"{name}(os.environ[{_env(family)!r}])",
        "run": f"%run {lake.work / 'scripts' / family.name}.py",
    }[indirection]


def _state(lake: GuardLake, family: Family):
    return lake.local_state() if family.storage == "local" else lake.s3_state()


@pytest.mark.s3
@pytest.mark.parametrize("indirection", INDIRECTIONS)
@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_a_write_into_a_protected_table_is_refused_before_it_writes(
    writers_loaded: Kernel,
    kernel: Kernel,
    guard_lake: GuardLake,
    family: Family,
    indirection: str,
):
    folder = (
        str(guard_lake.table_dir) if family.storage == "local" else guard_lake.s3_table
    )
    table = LOCAL_TABLE if family.storage == "local" else S3_TABLE
    before = _state(guard_lake, family)

    result = kernel.run(_cell(indirection, family, folder, guard_lake))

    ename, evalue = result.raised()
    assert ename == "ProtectedWriteError", f"{ename}: {evalue}\n{result.output}"
    target = family.target.format(T=folder)
    assert evalue.startswith(f"{family.operation} would "), evalue
    assert f" {target}" in evalue
    assert f"inside the protected table {table}" in evalue
    assert "Nothing was written." in evalue
    assert "allow_protected_writes" in evalue
    assert _state(guard_lake, family) == before
