"""Nightly job: rewrite the stations table's files from the export."""
import pyarrow.parquet as pq

table = pq.read_table("/home/jovyan/exports/stations.parquet")
pq.write_table(table, "s3://lake/warehouse/obs/stations/data/stations.parquet")
