"""Shared pytest fixtures live in tests/fixtures/<concept>.py; register each here, one line each."""

pytest_plugins = [
    "tests.fixtures.catalogs",
    "tests.fixtures.dask_clusters",
    "tests.fixtures.helper_cli",
    "tests.fixtures.helper_server",
    "tests.fixtures.hive_metastore",
    "tests.fixtures.jupyter",
    "tests.fixtures.postgres",
    "tests.fixtures.rest",
    "tests.fixtures.s3",
    "tests.fixtures.glue",
    "tests.fixtures.spark",
    "tests.fixtures.spark_connect",
]
