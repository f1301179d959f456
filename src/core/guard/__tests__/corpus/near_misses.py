# %% read
# The observations table lives at s3://lake/warehouse/obs/observations
# NEVER run: df.to_parquet("s3://lake/warehouse/obs/observations/data")
OBS_LOCATION = "s3://lake/warehouse/obs/observations"
print(f"Reading from {OBS_LOCATION}")

# %% read
help_text = """
To fix a partition, do NOT write into s3://lake/warehouse/obs/observations/data.
Instead run: spark.sql("DELETE FROM lake.obs.observations WHERE ...") via the data team.
"""
print(help_text)

# %% read
import dask.dataframe as dd

obs = dd.read_parquet(OBS_LOCATION + "/data", dataset={"partitioning": "hive"})
obs.groupby("station_id").temp_c.mean().compute()

# %% read
obs.to_parquet("s3://lake/warehouse/obs/observations_v2/data")

# %% read
obs.to_parquet("s3://lake/warehouse/obs/observations-copy/data")

# %% read
obs.to_parquet("s3://lake/warehouse/obs/observations.bak")

# %% read
sample = obs.sample(frac=0.01).compute()
sample.to_csv("s3://scratch/maria/obs_sample.csv")

# %% read
logger.info("wrote %s rows next to s3://lake/warehouse/obs/observations", len(sample))
assert "observations" in OBS_LOCATION

# %% read
paths = [OBS_LOCATION + "/data", "s3://lake/warehouse/obs/stations/data"]
frames = [dd.read_parquet(p) for p in paths]

# %% read
import pandas as pd

st = pd.read_parquet("s3://lake/warehouse/obs/stations/data")
st.to_parquet("s3://lake/warehouse/scratch/stations_copy.parquet")

# %% read
df = spark.read.table("lake.obs.observations")
df.write.mode("overwrite").parquet("s3://lake/warehouse/scratch/obs_copy")

# %% read
spark.sql("SELECT * FROM lake.obs.observations").write.saveAsTable("lake.scratch.obs_snapshot")

# %% read
import s3fs

fs = s3fs.S3FileSystem()
print(fs.du("s3://lake/warehouse/obs/observations"))
print(fs.exists("s3://lake/warehouse/obs/observations/metadata"))
print(fs.info("s3://lake/warehouse/obs/observations/metadata/v1.metadata.json"))

# %% read
fs.cat("s3://lake/warehouse/obs/observations/metadata/version-hint.text")
fs.download("s3://lake/warehouse/obs/stations/data/00000.parquet", "/tmp/stations.parquet")

# %% read
query = "DELETE FROM lake.obs.observations WHERE station_id = 'X'"
print("Would run:", query)

# %% read
spark.sql("SELECT 'DELETE FROM lake.obs.observations' AS example").show()

# %% read
spark.sql("SELECT * FROM lake.obs.observations WHERE note LIKE '%DROP TABLE%'").show()

# %% read
# %%sql
# DROP TABLE lake.obs.observations
x = 1

# %% read
obs_v2 = "s3://lake/warehouse/obs/observations_v2"
obs.to_parquet(f"{obs_v2}/data")

# %% read
df.createOrReplaceTempView("observations")
spark.sql("SELECT count(*) FROM observations").show()

# %% read
stations_list = ["ST-001", "ST-002"]
stations_list.remove("ST-002")
stations_list.append("ST-003")
d = {"path": OBS_LOCATION}
d2 = d.copy()

# %% read
report = open("/home/jovyan/work/report.md", "w")
report.write(f"Table location: {OBS_LOCATION}\n")
report.close()

# %% read
import os

print(os.path.exists("/home/jovyan/lakehouse/demo/events"))
print(os.listdir("/home/jovyan/lakehouse/demo"))
os.chdir("/home/jovyan/work")

# %% read
spark.sql("SHOW CREATE TABLE lake.sales.orders").show(truncate=False)
spark.sql("SELECT * FROM lake.sales.orders.partitions").show()
spark.sql("SELECT * FROM lake.sales.orders.manifests").show()

# %% read
orders_path = "s3://lake/warehouse/sales.db/orders"
orders = spark.read.format("iceberg").load(orders_path)
orders.write.mode("overwrite").parquet("s3://scratch/orders_export")

# %% read
!aws s3 cp s3://lake/warehouse/sales.db/orders/metadata/ /tmp/orders_meta/ --recursive

# %% read
import boto3

s3 = boto3.client("s3")
s3.head_object(Bucket="lake", Key="warehouse/sales.db/orders/metadata/v5.metadata.json")
s3.get_object(Bucket="lake", Key="warehouse/sales.db/orders/metadata/v5.metadata.json")

# %% read
s3.put_object(Bucket="lake", Key="warehouse/scratch/maria/notes.txt", Body=b"hi")

# %% read
s3.put_object(Bucket="lake-archive", Key="warehouse/obs/observations/data/x.parquet", Body=b"hi")

# %% read
obs.to_parquet("s3://raw-landing/instruments2/obs")

# %% read
spark.sql("INSERT INTO lake.obs.observations_staging SELECT * FROM lake.obs.observations")

# %% read
spark.sql("ALTER VIEW lake.obs.recent_observations AS SELECT * FROM lake.obs.observations WHERE obs_date > '2024-01-01'")

# %% read
from pyiceberg.catalog import load_catalog

cat = load_catalog("lake")
tbl = cat.load_table("obs.observations")
df_new = tbl.scan().to_pandas()
df_new.append = None
tbl.refresh()

# %% read
scratch_uri = uri_from_config.replace("s3://lake/warehouse/obs/observations", "s3://scratch/maria/observations")
obs.to_parquet(scratch_uri)

# %% read
cols = {c: c.replace("observations_", "") for c in obs.columns}
obs = obs.rename(columns=cols)
