"""What the runtime guard lets through, how allowances scope, and how the policy file steers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.guard.conftest import GuardLake
from tests.guard.kernel import Kernel

# Kernel code binding `catalog` to the protected table's pyiceberg catalog.
CATALOG = (
    "import pyarrow as pa\nfrom pyiceberg.catalog.sql import SqlCatalog\n"
    "catalog = SqlCatalog('local', uri=os.environ['DL_CATALOG_URI'], warehouse=os.environ['DL_WAREHOUSE'])\n"
)


def _refused(result) -> str:
    ename, evalue = result.raised()
    assert ename == "ProtectedWriteError", f"{ename}: {evalue}\n{result.output}"
    return evalue


def test_writes_outside_protected_tables_and_to_allowed_paths_pass(
    kernel: Kernel, guard_lake: GuardLake
):
    scratch = guard_lake.scratch / "tmp.parquet"
    kernel.ok(
        "import pandas as pd\n"
        "pd.DataFrame({'a': [1]}).to_parquet('mine.parquet')\n"
        f"pd.DataFrame({{'a': [1]}}).to_parquet({str(scratch)!r})\n"
        "open('notes.txt', 'w').write('x'); os.remove('notes.txt')\n"
        "os.makedirs('out/run=1', exist_ok=True); shutil.rmtree('out')"
    )
    assert (guard_lake.work / "mine.parquet").is_file()
    assert scratch.is_file()
    scratch.unlink()


@pytest.mark.s3
def test_reads_of_protected_tables_pass(kernel: Kernel, guard_lake: GuardLake):
    result = kernel.ok(
        "import pandas as pd, dask.dataframe as dd, boto3, pyarrow.parquet as pq\n"
        "T = os.environ['DL_LOCAL_TABLE']\n"
        "print(len(pd.read_parquet(T + '/data')), len(dd.read_parquet(T + '/data').compute()))\n"
        "print(len(open(sorted(os.listdir(T + '/metadata'))[0] and T + '/metadata/' + sorted(os.listdir(T + '/metadata'))[0]).read()) > 0)\n"
        "bucket, _, key = os.environ['DL_S3_TABLE'].removeprefix('s3://').partition('/')\n"
        "print(boto3.client('s3').get_object(Bucket=bucket, Key=key + '/data/part-0.parquet')['Body'].read())"
    )
    assert result.output.split("\n")[:3] == ["2 2", "True", "b'seed'"]


def test_a_symlink_or_a_relative_path_into_the_table_is_refused_at_its_real_target(
    kernel: Kernel, guard_lake: GuardLake
):
    link = guard_lake.work / "alias"
    link.symlink_to(guard_lake.table_dir)
    try:
        before = guard_lake.local_state()
        evalue = _refused(kernel.run("open('alias/data/sneaky.txt', 'w')"))
        assert f"would write to {guard_lake.table_dir}/data/sneaky.txt," in evalue
        relative = f"os.chdir({str(guard_lake.table_dir / 'data')!r})\ntry:\n    open('../x.txt', 'a')\nfinally:\n    os.chdir({str(guard_lake.work)!r})"
        evalue = _refused(kernel.run(relative))
        assert f"would write to {guard_lake.table_dir}/x.txt," in evalue
        assert guard_lake.local_state() == before
    finally:
        link.unlink()


def test_a_table_registered_under_another_name_is_matched_by_its_location(
    kernel: Kernel, guard_lake: GuardLake
):
    before = guard_lake.local_state()
    evalue = _refused(
        kernel.run(
            CATALOG
            + "other = SqlCatalog('mine', uri='sqlite:///mine.db', warehouse=os.environ['DL_WAREHOUSE'])\n"
            "other.create_namespace_if_not_exists('copies')\n"
            "copy = other.register_table('copies.obs', catalog.load_table('sci.obs').metadata_location)\n"
            "with copy.transaction() as tx:\n"
            "    tx.overwrite(pa.table({'obs_id': [9], 'value': [9.5]}))"
        )
    )
    assert evalue.startswith(
        f"pyiceberg Transaction.overwrite would write into {guard_lake.table_dir}, inside the protected table local.sci.obs"
    )
    assert guard_lake.local_state() == before


def test_a_table_created_in_a_protected_folder_is_refused_before_its_metadata_is_written(
    kernel: Kernel, guard_lake: GuardLake
):
    before = guard_lake.local_state()
    evalue = _refused(
        kernel.run(
            CATALOG
            + f"catalog.create_table('sci.sneaky', schema=pa.schema([('a', pa.int64())]), location={str(guard_lake.curated / 'sneaky')!r})"
        )
    )
    assert f"{guard_lake.curated}/sneaky" in evalue
    assert "inside a protected location" in evalue
    assert guard_lake.local_state() == before
    kernel.ok("assert ('sci', 'sneaky') not in catalog.list_tables('sci')")


def test_dropping_a_protected_table_is_refused(kernel: Kernel, guard_lake: GuardLake):
    evalue = _refused(kernel.run(CATALOG + "catalog.purge_table('sci.obs')"))
    assert evalue.startswith(
        "pyiceberg SqlCatalog.purge_table would delete local.sci.obs, inside the protected table local.sci.obs"
    )
    kernel.ok(CATALOG + "assert catalog.table_exists('sci.obs')")


def test_allow_protected_writes_allows_exactly_its_block_and_logs_the_reason(
    kernel: Kernel, guard_lake: GuardLake
):
    inside, after = guard_lake.curated / "inside.csv", guard_lake.curated / "after.csv"
    result = kernel.run(
        "from jupyterlab_dual_layout.guard import allow_protected_writes\n"
        "with allow_protected_writes('fix agreed with the data owner'):\n"
        f"    open({str(inside)!r}, 'w').write('a')\n"
        f"open({str(after)!r}, 'w').write('b')"
    )
    _refused(result)
    assert inside.read_text() == "a"
    assert not after.exists()
    assert (
        f"dual-layout guard: allowed open(mode='w') to write to {inside} (a protected location); "
        "reason: fix agreed with the data owner\n"
    ) in result.output
    inside.unlink()


def test_run_anyway_allows_exactly_the_next_cell(kernel: Kernel, guard_lake: GuardLake):
    first, second = guard_lake.curated / "first.csv", guard_lake.curated / "second.csv"
    # What the front end's "Run anyway" sends before the cell: a silent execution.
    silent = kernel.run(
        "import jupyterlab_dual_layout.guard as _g; _g.allow_next_cell('Run anyway')",
        silent=True,
    )
    assert silent.status == "ok"
    allowed = kernel.ok(f"open({str(first)!r}, 'w').write('1')")
    assert "reason: Run anyway" in allowed.output
    _refused(kernel.run(f"open({str(second)!r}, 'w').write('2')"))
    assert first.read_text() == "1"
    assert not second.exists()
    first.unlink()


def test_the_line_magic_allows_the_next_cell_only(
    kernel: Kernel, guard_lake: GuardLake
):
    target = guard_lake.curated / "magic.csv"
    kernel.ok("%dual_layout_allow backfill of 2026-11")
    kernel.ok(f"open({str(target)!r}, 'w').write('1')")
    _refused(kernel.run(f"open({str(target)!r}, 'a').write('2')"))
    assert target.read_text() == "1"
    target.unlink()


def test_an_allowance_needs_a_reason(kernel: Kernel):
    result = kernel.run(
        "from jupyterlab_dual_layout.guard import allow_next_cell\nallow_next_cell('  ')"
    )
    assert (result.ename, result.evalue.split(",")[0]) == (
        "ValueError",
        "an allowance needs a reason",
    )


def test_block_mode_ignores_allowances_and_follows_the_policy_file(
    kernel: Kernel, guard_lake: GuardLake
):
    target = guard_lake.curated / "blocked.csv"
    guard_lake.write_policy("block")
    evalue = _refused(
        kernel.run(
            "from jupyterlab_dual_layout.guard import allow_protected_writes\n"
            f"with allow_protected_writes('please'):\n    open({str(target)!r}, 'w')"
        )
    )
    assert "(dual-layout guard, mode block)" in evalue
    assert "ask your platform administrator" in evalue
    assert "Run anyway" not in evalue
    assert not target.exists()


def test_a_broken_policy_file_keeps_the_last_good_policy(
    kernel: Kernel, guard_lake: GuardLake
):
    text = guard_lake.policy_file.read_text()
    guard_lake.policy_file.write_text("{ half a file")
    try:
        result = kernel.run(f"open({str(guard_lake.curated / 'x.csv')!r}, 'w')")
        _refused(result)
        assert (
            f"cannot use the policy {guard_lake.policy_file}: not JSON" in result.output
        )
    finally:
        guard_lake.policy_file.write_text(text)


def test_a_policy_change_applies_from_the_next_cell(
    kernel: Kernel, guard_lake: GuardLake, tmp_path: Path
):
    target = guard_lake.root / "newly" / "protected.csv"
    target.parent.mkdir(exist_ok=True)
    kernel.ok(f"open({str(target)!r}, 'w').write('1')")
    text = guard_lake.policy_file.read_text()
    guard_lake.policy_file.write_text(
        text.replace('"protectedPaths": [', f'"protectedPaths": ["{target.parent}", ')
    )
    try:
        _refused(kernel.run(f"os.remove({str(target)!r})"))
        assert target.read_text() == "1"
    finally:
        guard_lake.policy_file.write_text(text)


def test_a_symlink_made_during_the_cell_is_followed(
    kernel: Kernel, guard_lake: GuardLake
):
    folder = guard_lake.work / "links"
    folder.mkdir(exist_ok=True)
    table = str(guard_lake.table_dir)
    before = guard_lake.local_state()
    in_process = (
        f"open({str(folder / 'plain.txt')!r}, 'w').write('warm the folder cache')\n"
        f"os.symlink({table!r}, {str(folder / 'made')!r})\n"
        f"open({str(folder / 'made' / 'x.txt')!r}, 'w')"
    )
    assert f"would write to {table}/x.txt," in _refused(kernel.run(in_process))
    by_a_child = (
        f"open({str(folder / 'plain.txt')!r}, 'w').write('warm again')\n"
        "import subprocess\n"
        f"subprocess.run(['ln', '-s', {table + '/data'!r}, {str(folder / 'child')!r}], check=True)\n"
        f"open({str(folder / 'child' / 'y.txt')!r}, 'w')"
    )
    assert f"would write to {table}/data/y.txt," in _refused(kernel.run(by_a_child))
    assert guard_lake.local_state() == before
    kernel.ok(
        f"os.remove({str(folder / 'made')!r}); os.remove({str(folder / 'child')!r})"
    )


def test_guarded_pyarrow_names_still_recognise_what_pyarrow_makes_itself(
    kernel: Kernel, guard_lake: GuardLake
):
    kernel.ok(
        "import pathlib, pyarrow as pa, pyarrow.fs as pfs, pyarrow.dataset as ds\n"
        "made = pfs.FileSystem.from_uri('/tmp')[0]\n"
        "assert isinstance(made, pfs.LocalFileSystem) and issubclass(type(made), pfs.LocalFileSystem)\n"
        "assert isinstance(pa.OSFile('osfile.bin', 'wb'), pa.OSFile)\n"
        f"assert len(ds.dataset(pathlib.Path({str(guard_lake.table_dir / 'data')!r}), filesystem=made).files) == 1"
    )


@pytest.mark.s3
def test_every_writer_still_writes_where_nothing_is_protected(
    kernel: Kernel, guard_lake: GuardLake
):
    free = guard_lake.s3.uri("guard-free", guard_lake.work.name)
    result = kernel.ok(
        CATALOG
        + "import pandas as pd, pyarrow.parquet as pq, pyarrow.dataset as ds, dask.dataframe as dd\n"
        "import fsspec, s3fs, boto3\n"
        "frame = pd.DataFrame({'a': [1, 2]})\n"
        "frame.to_parquet('free.parquet'); pq.write_table(pa.table(frame), 'free2.parquet')\n"
        "ds.write_dataset(pa.table(frame), 'free_ds', format='parquet')\n"
        "dd.from_pandas(frame, npartitions=2).to_parquet('free_dask')\n"
        "fsspec.filesystem('file').pipe_file(os.path.abspath('free.bin'), b'x')\n"
        "fs = s3fs.S3FileSystem(client_kwargs={'endpoint_url': os.environ['AWS_ENDPOINT_URL']})\n"
        f"fs.pipe({free + '/a.bin'!r}, b'x'); fs.rm({free + '/a.bin'!r})\n"
        f"bucket, _, key = {free!r}.removeprefix('s3://').partition('/')\n"
        "s3 = boto3.client('s3'); s3.put_object(Bucket=bucket, Key=key + '/b.bin', Body=b'y')\n"
        "s3.delete_objects(Bucket=bucket, Delete={'Objects': [{'Key': key + '/b.bin'}]})\n"
        "catalog.create_namespace_if_not_exists('free')\n"
        "table = catalog.create_table('free.t', schema=pa.schema([('a', pa.int64())]))\n"
        "table.append(pa.table(frame)); table.overwrite(pa.table(frame)); table.delete('a = 1')\n"
        "from pyiceberg.types import StringType\n"
        "with table.update_schema() as update:\n    update.add_column('note', StringType())\n"
        "rows = len(table.scan().to_arrow()); catalog.purge_table('free.t')\n"
        "print(len(pd.read_parquet('free_ds')), len(dd.read_parquet('free_dask').compute()), rows)"
    )
    assert result.output.strip().splitlines()[-1] == "2 2 1"


@pytest.mark.parametrize(
    ("code", "operation"),
    [
        (
            "table.overwrite(pa.table({'obs_id': [1], 'value': [1.0]}))",
            "pyiceberg Table.overwrite",
        ),
        ("table.delete('obs_id = 1')", "pyiceberg Table.delete"),
        (
            "table.upsert(pa.table({'obs_id': [1], 'value': [1.0]}), join_cols=['obs_id'])",
            "pyiceberg Table.upsert",
        ),
        (
            (
                "from pyiceberg.types import StringType\nwith table.update_schema() as update:\n"
                "    update.add_column('note', StringType())"
            ),
            "pyiceberg Table.update_schema",
        ),
        (
            "with table.update_spec() as update:\n    update.add_identity('obs_id')",
            "pyiceberg Table.update_spec",
        ),
        (
            "with table.transaction() as tx:\n    tx.set_properties(owner='me')",
            "pyiceberg Transaction.set_properties",
        ),
        ("catalog.drop_table('sci.obs')", "pyiceberg SqlCatalog.drop_table"),
        (
            "catalog.rename_table('sci.obs', 'sci.obs_moved')",
            "pyiceberg SqlCatalog.rename_table",
        ),
    ],
)
def test_every_pyiceberg_change_to_a_protected_table_is_refused(
    kernel: Kernel, guard_lake: GuardLake, code: str, operation: str
):
    before = guard_lake.local_state()
    evalue = _refused(
        kernel.run(CATALOG + "table = catalog.load_table('sci.obs')\n" + code)
    )
    assert evalue.startswith(f"{operation} would ")
    assert "inside the protected table local.sci.obs" in evalue
    assert guard_lake.local_state() == before
    kernel.ok(
        CATALOG + "assert catalog.load_table('sci.obs').schema().find_field('value')"
    )
