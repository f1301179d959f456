# %% read
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from pyarrow import fs

s3 = fs.S3FileSystem(region="eu-west-1", endpoint_override="http://minio:9000")
table = pq.read_table("lake/warehouse/obs/observations/data", filesystem=s3)
infos = s3.get_file_info(fs.FileSelector("lake/warehouse/obs/observations/data", recursive=True))

# %% write
with s3.open_output_stream("lake/warehouse/obs/observations/data/station_id=ST-001/fix.parquet") as sink:
    pq.write_table(table, sink)

# %% read
with s3.open_output_stream("lake/warehouse/scratch/obs/fix.parquet") as sink:
    pq.write_table(table, sink)

# %% read
with s3.open_input_file("lake/warehouse/obs/observations/data/station_id=ST-001/00000.parquet") as f:
    print(pq.ParquetFile(f).metadata)

# %% write
log = s3.open_append_stream("raw-landing/instruments/logs/ingest.log")
log.write(b"reingested\n")
log.close()

# %% read
log = s3.open_append_stream("raw-landing/instruments/tmp/ingest.log")

# %% write
s3.delete_dir("lake/warehouse/obs/stations/data")

# %% write
s3.delete_dir_contents("lake/warehouse/climate/daily_temperature/metadata", missing_dir_ok=True)

# %% write
for info in infos:
    if info.path.endswith(".tmp"):
        s3.delete_file(info.path)

# %% write
s3.move("lake/warehouse/sales.db/orders/data/part-0.parquet", "lake/warehouse/scratch/orders_part-0.parquet")

# %% write
s3.copy_file("lake/warehouse/scratch/fixed.parquet", "lake/warehouse/sales.db/orders/data/part-0.parquet")

# %% read
s3.copy_file("lake/warehouse/sales.db/orders/data/part-0.parquet", "lake/warehouse/scratch/orders_copy.parquet")
s3.create_dir("lake/warehouse/scratch/new_dir")

# %% write
pafs.copy_files("/home/jovyan/exports/stations", "s3://lake/warehouse/obs/stations/data")

# %% write
local = pafs.LocalFileSystem()
pafs.copy_files("exports/readings", "marine-data/iceberg/buoys/readings/data", source_filesystem=local, destination_filesystem=s3)

# %% read
pafs.copy_files("s3://lake/warehouse/obs/stations/data", "/home/jovyan/exports/stations")

# %% write
gcs, root = pafs.FileSystem.from_uri("s3://lake/warehouse/climate/daily_temperature")
gcs.delete_dir_contents(root + "/data")

# %% read
remote, prefix = fs.FileSystem.from_uri("s3://lake/warehouse/scratch/tmp")
remote.delete_dir_contents(prefix)
remote.get_file_info(prefix)

# %% write
import s3fs

fsx = s3fs.S3FileSystem(anon=False)
fsx.rm("lake/warehouse/obs/observations/data/station_id=TEST", recursive=True)

# %% read
fsx.ls("lake/warehouse/obs/observations/data")
fsx.rm("lake/warehouse/scratch/old", recursive=True)

# %% write
import fsspec

store = fsspec.filesystem("s3", anon=False)
store.pipe_file("raw-landing/instruments/ctd/2024/cast-17.csv", b"depth,temp\n")

# %% read
mem = fsspec.filesystem("memory")
mem.pipe_file("lake/warehouse/obs/observations/x.csv", b"a\n")

# %% write
import pyarrow.dataset as ds
from pyarrow.fs import S3FileSystem

minio = S3FileSystem(endpoint_override="http://minio:9000", scheme="http")
ds.write_dataset(table, "lake/warehouse/obs/observations/data", format="parquet", filesystem=minio, existing_data_behavior="overwrite_or_ignore")

# %% write
pq.write_to_dataset(table, root_path="marine-data/iceberg/buoys/readings/data", partition_cols=["buoy_id"], filesystem=minio)

# %% read
pq.write_to_dataset(table, root_path="lake/warehouse/scratch/readings", partition_cols=["buoy_id"], filesystem=minio)
ds.dataset("lake/warehouse/obs/observations/data", filesystem=minio).to_table()
