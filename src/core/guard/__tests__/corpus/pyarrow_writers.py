# %% read
import pyarrow as pa
import pyarrow.parquet as pq
import pyarrow.dataset as ds

dataset = ds.dataset("s3://lake/warehouse/obs/observations/data", format="parquet", partitioning="hive")
table = dataset.to_table(filter=ds.field("station_id") == "ST-001")

# %% write
pq.write_table(table, "s3://lake/warehouse/obs/observations/data/station_id=ST-001/patched.parquet")

# %% write
pq.write_to_dataset(table, root_path="s3://lake/warehouse/obs/observations/data", partition_cols=["station_id"])

# %% write
ds.write_dataset(table, "s3://lake/warehouse/obs/observations/data", format="parquet",
                 partitioning=["station_id"], partitioning_flavor="hive",
                 existing_data_behavior="overwrite_or_ignore")

# %% read
ds.write_dataset(table, "s3://scratch/obs_st001", format="parquet")

# %% read
pq.write_table(table, "/tmp/st001.parquet", compression="zstd")

# %% write
from pyarrow import parquet

with parquet.ParquetWriter("s3://lake/warehouse/sales.db/orders/data/manual.parquet", table.schema) as w:
    w.write_table(table)

# %% write
import pyarrow.fs as pafs

s3 = pafs.S3FileSystem(region="eu-west-1")
pq.write_table(table, "lake/warehouse/obs/stations/data/x.parquet", filesystem=s3)
s3.delete_dir("s3://lake/warehouse/obs/stations/data")

# %% read
meta = pq.read_metadata("s3://lake/warehouse/obs/stations/data/00000-0.parquet")
print(meta.num_rows)

# %% write
from pyarrow import csv as pacsv

pacsv.write_csv(table, "s3://raw-landing/instruments/exports/obs.csv")

# %% write
from deltalake import write_deltalake

write_deltalake("s3://lake/warehouse/climate/daily_temperature", table, mode="overwrite")

# %% read
write_deltalake("s3://scratch/delta/daily_temperature", table, mode="overwrite")

# %% write
root = "s3://lake/warehouse/obs/observations"
pq.write_to_dataset(table, f"{root}/data", partition_cols=["obs_date"], existing_data_behavior="delete_matching")

# %% read
for frag in dataset.get_fragments():
    print(frag.path)
