# %% read
import os
import fsspec
import pyarrow as pa
from pyiceberg.catalog import load_catalog

base = "s3://lake/warehouse/obs"
OUT_ROOT = base
LOCAL_LAKE = "/home/jovyan/lakehouse"
BUCKET = "lake"
PREFIX = "warehouse/obs/stations/data"
catalog_name, db = "lake", "obs"

# %% write
df.write.partitionBy("obs_date").mode("append").format("parquet").save(path=f"{base}/observations/data")

# %% write
spark.sql(f"""
INSERT OVERWRITE TABLE {catalog_name}.{db}.stations
SELECT * FROM stations_staging
""")

# %% write
spark.catalog.setCurrentCatalog("lake")
spark.catalog.setCurrentDatabase("obs")
spark.sql("TRUNCATE TABLE observations")

# %% write
spark.table("lake.obs.observations").where("station_id = 'X'").write.mode("overwrite").insertInto("lake.obs.observations")

# %% write
df.to_parquet(os.path.join(OUT_ROOT, "observations", "data"), engine="pyarrow")

# %% write
ddf.to_parquet("s3://lake/warehouse/obs/observations/data", storage_options={"anon": False}, write_metadata_file=False)

# %% write
pq.write_table(tbl_arrow, where="s3://lake/warehouse/sales.db/orders/data/part-9.parquet")

# %% write
fs = fsspec.filesystem("s3")
path = f"{base}/stations/data"
with fs.open(f"{path}/part.parquet", mode="wb") as f:
    df.to_parquet(f)

# %% write
s3_client.put_object(Body=data, Bucket=BUCKET, Key=f"{PREFIX}/stations.json")

# %% write
TABLE_URI = "s3://lake/warehouse/climate/daily_temperature"
!aws s3 cp results.parquet {TABLE_URI}/data/

# %% write
import shutil
shutil.rmtree(os.path.join(LOCAL_LAKE, "demo", "events"), ignore_errors=True)

# %% write
from pathlib import Path
Path(LOCAL_LAKE, "demo/events/data/x.txt").write_bytes(b"")

# %% write
ns = "obs"
catalog = load_catalog(catalog_name)
catalog.load_table(f"{ns}.observations").append(pa_table)

# %% write
tbl = catalog.load_table(identifier=("obs", "stations"))
tbl.overwrite(df=arrow_tbl)

# %% write
spark.sql("delete from lake.obs.observations where id in (select id from bad_ids)")

# %% write
spark.sql("""MERGE INTO lake.sales.orders AS t USING updates AS u ON t.id = u.id WHEN MATCHED THEN DELETE""")

# %% write
%%sql
DROP TABLE lake.obs.stations;

# %% write
TABLE_ROOT = "s3a://lake/warehouse/obs/observations/"
fs.rm(TABLE_ROOT, recursive=True)

# %% write
for p in Path("/home/jovyan/lakehouse/demo/events/data").glob("*.tmp"):
    p.unlink()

# %% write
uri = "s3://marine-data/iceberg/buoys/readings"
os.system(f"aws s3 rm {uri} --recursive")

# %% write
import subprocess
hdfs_path = "s3a://lake/warehouse/climate/daily_temperature/data/_tmp"
subprocess.check_call(f"hdfs dfs -rm -r {hdfs_path}", shell=True)

# %% write
df.write.mode("overwrite").option("partitionOverwriteMode", "dynamic").insertInto("obs.observations")

# %% write
spark.sql("ALTER TABLE lake.obs.observations RENAME TO lake.obs.observations_old")

# %% write
import awswrangler as wr
wr.s3.to_parquet(df=pdf, path="s3://lake/warehouse/obs/stations/data/", dataset=True)

# %% write
wr.s3.delete_objects("s3://lake/warehouse/obs/stations/data/")

# %% write
ds_xr.to_zarr(store="s3://marine-data/iceberg/buoys/readings/zarr", mode="a")

# %% write
dbutils.fs.cp("file:/tmp/fix.parquet", "s3a://lake/warehouse/sales.db/orders/data/fix.parquet")

# %% write
tbl_name = "observations"
df.writeTo(f"lake.obs.{tbl_name}").append()

# %% write
spark.sql("insert overwrite directory 's3://lake/warehouse/obs/observations/data' using parquet select 1")

# %% write
cur.execute("DELETE FROM lake.sales.orders WHERE amount < 0")

# %% write
s3.meta.client.upload_file("/tmp/x.parquet", "lake", "warehouse/climate/daily_temperature/data/x.parquet")

# %% write
s3r = boto3.resource("s3")
obj = s3r.Object(bucket_name="lake", key="warehouse/obs/stations/data/a.parquet")
obj.delete()

# %% write
import numpy as np
np.save("/home/jovyan/lakehouse/demo/events/arr.npy", arr)

# %% write
table_dir = Path("/home/jovyan/lakehouse/demo/events")
df.to_parquet(path=str(table_dir / "data" / "x.parquet"))

# %% write
import joblib
joblib.dump(model, "/home/jovyan/lakehouse/demo/events/model.joblib")

# %% write
stations_tbl = catalog.load_table("obs.stations")
stations_tbl.update_schema().add_column("x", StringType()).commit()

# %% write
with stations_tbl.transaction() as txn:
    txn.delete("x > 1")

# %% write
query = """
UPDATE lake.climate.daily_temperature
SET mean_temp = NULL
WHERE mean_temp > 100
"""

spark.sql(query)

# %% write
tmp = "/home/jovyan/tmp/events.parquet"
final = "/home/jovyan/lakehouse/demo/events/data/events.parquet"
os.replace(tmp, final)

# %% read
spark.read.format("iceberg").load("lake.obs.observations").write.mode("overwrite").parquet("/tmp/obs_export")

# %% read
spark.sql("SELECT * FROM lake.obs.observations").write.saveAsTable("scratch.obs_snapshot")

# %% read
stations_tbl.scan(row_filter="elevation_m > 1000").to_arrow()

# %% read
df.to_parquet("observations.parquet")

# %% read
!cat s3_paths.txt | grep observations

# %% read
print("rm -rf /home/jovyan/lakehouse/demo/events")

# %% read
pd.read_csv("s3://lake/warehouse/obs/stations/data/x.csv").to_csv("stations_local.csv")

# %% read
s3.download_file("lake", "warehouse/obs/stations/data/a.parquet", "/tmp/a.parquet")

# %% read
spark.sql("SELECT * FROM lake.obs.observations WHERE comment = 'INSERT INTO lake.obs.stations'").show()

# %% read
with fs.open(f"{path}/part.parquet", mode="rb") as f:
    head = f.read(4)

# %% read
data_dir = os.path.join(TABLE_URI, "data")
print(data_dir)

# %% read
spark.sql("DESCRIBE HISTORY lake.obs.observations").show()
spark.sql("SELECT * FROM lake.obs.observations.refs").show()

# %% read
catalog.create_table("obs.observations_v2", schema=arrow_schema)

# %% read
spark.sql("CREATE TABLE IF NOT EXISTS lake.obs.observations_clean (id bigint) USING iceberg")

# %% read
%%bash
cat /home/jovyan/lakehouse/demo/events/metadata/version-hint.text

# %% read
!aws s3 cp s3://lake/warehouse/obs/observations/metadata/v1.metadata.json -

# %% read
shutil.copytree("/home/jovyan/lakehouse/demo/events", "/home/jovyan/scratch/events_copy")

# %% read
result = spark.sql("SELECT station_id FROM lake.obs.stations").collect()
ids = [r.station_id for r in result]
