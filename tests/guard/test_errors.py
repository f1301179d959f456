"""ProtectedWriteError says what, where and how to proceed, and survives the trip back from a worker."""

from __future__ import annotations

import pickle

from jupyterlab_dual_layout.guard import ProtectedWriteError


def test_the_message_names_the_operation_the_target_the_tables_and_the_way_out():
    error = ProtectedWriteError(
        "os.remove",
        "/lake/t/data/f.parquet",
        ["c.n.t", None],
        mode="warn",
        verb="delete",
    )
    assert isinstance(error, PermissionError)
    assert str(error).startswith(
        "os.remove would delete /lake/t/data/f.parquet, inside the protected table c.n.t, which notebooks "
        "may only read (dual-layout guard, mode warn). Nothing was written. "
        'To write anyway, use "Run anyway" for this cell'
    )
    assert str(error).endswith("(Jupyter Server setting c.DualLayout.allowed_paths).")


def test_block_mode_offers_only_the_administrator():
    error = ProtectedWriteError("open(mode='w')", "s3://b/k", [None], mode="block")
    assert "inside a protected location" in str(error)
    assert "Run anyway" not in str(error)
    assert "ask your platform administrator" in str(error)


def test_it_pickles_with_its_fields():
    error = ProtectedWriteError(
        "pyiceberg Table.append", "c.n.t", ["c.n.t"], mode="warn"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (
        type(copy),
        str(copy),
        copy.operation,
        copy.target,
        copy.tables,
        copy.mode,
    ) == (
        ProtectedWriteError,
        str(error),
        "pyiceberg Table.append",
        "c.n.t",
        ["c.n.t"],
        "warn",
    )
