"""The writer families a notebook uses, each as the body of ``write(T)`` for a protected table folder T.

``target`` is the refused target the error names (``{T}`` for the folder); ``operation`` is how the
error names the writer. Bodies import what they use, so each library is imported after the guard was loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    name: str
    storage: str  # "local" or "s3"
    body: str
    operation: str
    target: str


_S3FS = (
    "s3fs.S3FileSystem(client_kwargs={'endpoint_url': os.environ['AWS_ENDPOINT_URL']})"
)

FAMILIES = [
    Family(
        "open",
        "local",
        "open(T + '/data/new.txt', 'w').write('x')",
        "open(mode='w')",
        "{T}/data/new.txt",
    ),
    Family(
        "os_remove",
        "local",
        "os.remove(T + '/data/' + sorted(os.listdir(T + '/data'))[0])",
        "os.remove",
        "{T}/data/",
    ),
    Family(
        "shutil_rmtree",
        "local",
        "shutil.rmtree(T + '/metadata')",
        "shutil.rmtree",
        "{T}/metadata",
    ),
    Family(
        "shutil_move",
        "local",
        "shutil.move(T + '/metadata', '/tmp/taken')",
        "shutil.move",
        "{T}/metadata",
    ),
    Family(
        "pandas_parquet",
        "local",
        "import pandas as pd\n    pd.DataFrame({'a': [1]}).to_parquet(T + '/data/p.parquet')",
        "pandas DataFrame.to_parquet",
        "{T}/data/p.parquet",
    ),
    Family(
        "pandas_csv",
        "local",
        "import pandas as pd\n    pd.DataFrame({'a': [1]}).to_csv(T + '/data/p.csv')",
        "pandas DataFrame.to_csv",
        "{T}/data/p.csv",
    ),
    Family(
        "pyarrow_write_table",
        "local",
        "import pyarrow as pa, pyarrow.parquet as pq\n    pq.write_table(pa.table({'a': [1]}), T + '/data/q.parquet')",
        "pyarrow.parquet.write_table",
        "{T}/data/q.parquet",
    ),
    Family(
        "pyarrow_write_dataset",
        "local",
        "import pyarrow as pa, pyarrow.dataset as ds\n    ds.write_dataset(pa.table({'a': [1]}), T + '/data', format='parquet',"
        " existing_data_behavior='overwrite_or_ignore')",
        "pyarrow.dataset.write_dataset",
        "{T}/data",
    ),
    Family(
        "pyarrow_fs",
        "local",
        "import pyarrow.fs as pfs\n    pfs.LocalFileSystem().delete_dir_contents(T + '/data')",
        "pyarrow.fs.LocalFileSystem.delete_dir_contents",
        "{T}/data",
    ),
    Family(
        "pyarrow_osfile",
        "local",
        "import pyarrow as pa\n    pa.OSFile(T + '/data/o.bin', 'wb')",
        "pyarrow.OSFile(mode='wb')",
        "{T}/data/o.bin",
    ),
    Family(
        "pyarrow_ipc",
        "local",
        "import pyarrow as pa\n    pa.ipc.new_file(T + '/data/f.arrow', pa.schema([('a', pa.int64())]))",
        "pyarrow.ipc.RecordBatchFileWriter",
        "{T}/data/f.arrow",
    ),
    Family(
        "dask_to_parquet",
        "local",
        "import pandas as pd, dask.dataframe as dd\n    dd.from_pandas(pd.DataFrame({'a': [1, 2]}), npartitions=2)"
        ".to_parquet(T + '/data/dask')",
        "dask.dataframe.to_parquet",
        "{T}/data/dask",
    ),
    Family(
        "fsspec_local",
        "local",
        "import fsspec\n    fsspec.filesystem('file').pipe_file(T + '/data/f.bin', b'x')",
        "fsspec LocalFileSystem.pipe_file",
        "{T}/data/f.bin",
    ),
    Family(
        "s3fs_pipe",
        "s3",
        f"import s3fs\n    {_S3FS}.pipe(T + '/data/x.bin', b'x')",
        "fsspec S3FileSystem.pipe",
        "{T}/data/x.bin",
    ),
    Family(
        "s3fs_rm",
        "s3",
        f"import s3fs\n    {_S3FS}.rm(T, recursive=True)",
        "fsspec S3FileSystem.rm",
        "{T}",
    ),
    Family(
        "pandas_s3",
        "s3",
        "import pandas as pd\n    pd.DataFrame({'a': [1]}).to_parquet(T + '/data/p.parquet',"
        " storage_options={'client_kwargs': {'endpoint_url': os.environ['AWS_ENDPOINT_URL']}})",
        "pandas DataFrame.to_parquet",
        "{T}/data/p.parquet",
    ),
    Family(
        "boto3_put",
        "s3",
        "import boto3\n    bucket, _, key = T.removeprefix('s3://').partition('/')\n"
        "    boto3.client('s3').put_object(Bucket=bucket, Key=key + '/data/b.bin', Body=b'x')",
        "boto3 s3.PutObject",
        "{T}/data/b.bin",
    ),
    Family(
        "boto3_upload",
        "s3",
        "import boto3\n    bucket, _, key = T.removeprefix('s3://').partition('/')\n"
        "    open('upload.bin', 'wb').write(b'x' * 10_000_000)\n"
        "    boto3.client('s3').upload_file('upload.bin', bucket, key + '/data/big.bin')",
        "boto3 s3.CreateMultipartUpload",
        "{T}/data/big.bin",
    ),
    Family(
        "boto3_delete",
        "s3",
        "import boto3\n    bucket, _, key = T.removeprefix('s3://').partition('/')\n"
        "    boto3.resource('s3').Bucket(bucket).objects.filter(Prefix=key).delete()",
        "boto3 s3.DeleteObjects",
        "{T}/data/part-0.parquet",
    ),
    Family(
        "pyiceberg_append",
        "local",
        "import pyarrow as pa\n    from pyiceberg.catalog.sql import SqlCatalog\n"
        "    catalog = SqlCatalog('local', uri=os.environ['DL_CATALOG_URI'], warehouse=os.environ['DL_WAREHOUSE'])\n"
        "    tables = {t.metadata.location.removeprefix('file://'): t for t in map(catalog.load_table, catalog.list_tables('sci'))}\n"
        "    tables[T].append(pa.table({'obs_id': [3], 'value': [2.5]}))",
        "pyiceberg Table.append",
        "local.sci.obs",
    ),
]


def function_source(family: Family) -> str:
    return f"def write_{family.name}(T):\n    {family.body}\n"
