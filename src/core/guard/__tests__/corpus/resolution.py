# %% read
import os
from pathlib import Path

BUCKET = "lake"
WAREHOUSE = f"s3://{BUCKET}/warehouse"
TABLES = {
    "observations": f"{WAREHOUSE}/obs/observations",
    "stations": f"{WAREHOUSE}/obs/stations",
    "scratch": f"{WAREHOUSE}/scratch/maria",
}

# %% write
df.to_parquet(TABLES["observations"] + "/data/station_id=ST-007/fix.parquet")

# %% read
df.to_parquet(TABLES["scratch"] + "/fix.parquet")

# %% write
def save_partition(frame, table, partition):
    frame.to_parquet(os.path.join(TABLES[table], "data", partition, "part-0.parquet"))

save_partition(df, "stations", "region=EU")

# %% read
save_partition(df, "scratch", "region=EU")

# %% write
data_root = "{}/obs/{}/data".format(WAREHOUSE, "observations")
df.to_csv(data_root + "/export.csv")

# %% write
tmpl = "%s/climate/%s/data"
df.to_parquet(tmpl % (WAREHOUSE, "daily_temperature"))

# %% write
for tbl in ["observations", "stations"]:
    fs.rm(f"{WAREHOUSE}/obs/{tbl}/data/_temporary", recursive=True)

# %% write
out = Path("/home/jovyan") / "lakehouse" / "demo" / "events" / "data"
df.to_parquet(out / "events_fix.parquet")

# %% write
out_dir = "s3a://lake/warehouse/scratch/../obs/observations/data"
df.to_parquet(out_dir)

# %% write
def table_path(name):
    return f"{WAREHOUSE}/sales.db/{name}"

df.to_parquet(table_path("orders") + "/data/manual.parquet")

# %% read
df.to_parquet(table_path("orders_archive") + "/data/manual.parquet")

# %% write
parts = ["s3:/", BUCKET, "warehouse", "obs", "stations", "data", "x.parquet"]
df.to_parquet("/".join(parts))

# %% write
dest = os.environ.get("OUTPUT_PATH", "s3://lake/warehouse/obs/stations/data/")
df.to_parquet(dest)

# %% write
run_id = get_run_id()
df.to_parquet(f"s3://lake/warehouse/obs/observations/data/run={run_id}/part.parquet")

# %% write
name = input("table name: ")
df.to_parquet(f"s3://lake/warehouse/obs/{name}/data")

# %% read
user = os.environ["USER"]
df.to_parquet(f"s3://lake/warehouse/scratch/{user}/out.parquet")

# %% write
config = {"out": {"path": "s3://marine-data/iceberg/buoys/readings/data"}}
df.to_parquet(config["out"]["path"])

# %% write
x = "s3://lake/warehouse/climate"
x += "/daily_temperature/data/extra.parquet"
df.to_parquet(x)

# %% read
y = "s3://lake/warehouse/climate_archive"
y += "/daily_temperature/data/extra.parquet"
df.to_parquet(y)
