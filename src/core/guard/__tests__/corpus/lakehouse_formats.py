# %% read
import os
from pathlib import Path

from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.appName("formats").getOrCreate()
WAREHOUSE = "s3a://lake/warehouse"
events = spark.read.parquet(f"{WAREHOUSE}/obs/observations/data")

# %% write
(events.write
    .format("delta")
    .mode("overwrite")
    .option("overwriteSchema", "true")
    .save(f"{WAREHOUSE}/obs/observations"))

# %% read
events.write.format("delta").mode("overwrite").save(f"{WAREHOUSE}/scratch/obs_delta")

# %% write
hudi_options = {
    "hoodie.table.name": "stations",
    "hoodie.datasource.write.recordkey.field": "station_id",
    "hoodie.datasource.write.operation": "upsert",
}
events.write.format("hudi").options(**hudi_options).mode("append").save(os.path.join(WAREHOUSE, "obs", "stations"))

# %% read
events.write.format("hudi").options(**hudi_options).mode("append").save(os.path.join(WAREHOUSE, "scratch", "stations_hudi"))

# %% write
events.write.format("org.apache.hudi").option("path", "s3://lake/warehouse/sales.db/orders").mode("overwrite").save()

# %% write
jdbc_url = "jdbc:postgresql://warehouse-db:5432/analytics"
props = {"user": os.environ.get("PGUSER", ""), "driver": "org.postgresql.Driver"}
events.write.jdbc(jdbc_url, "sales.orders", mode="append", properties=props)

# %% read
events.write.jdbc(url=jdbc_url, table="reporting.daily_summary", mode="overwrite", properties=props)

# %% read
orders_pg = spark.read.jdbc(jdbc_url, "sales.orders", properties=props)
orders_pg.count()

# %% write
events.write.mode("overwrite").jdbc(url=jdbc_url, table="obs.observations", properties=props)

# %% write
from delta.tables import DeltaTable

delta_obs = DeltaTable.forPath(spark, f"{WAREHOUSE}/obs/observations")
delta_obs.delete(F.col("station_id") == "ST-TEST")

# %% write
delta_obs.vacuum(0)

# %% read
delta_obs.history(10).show()
delta_obs.toDF().limit(5).show()

# %% write
(delta_obs.alias("t")
    .merge(events.alias("s"), "t.station_id = s.station_id AND t.ts = s.ts")
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute())

# %% read
scratch_delta = DeltaTable.forPath(spark, f"{WAREHOUSE}/scratch/obs_delta")
scratch_delta.update(condition="temp_c < -90", set={"temp_c": "NULL"})

# %% write
DeltaTable.forName(spark, "lake.sales.orders").update("status = 'open'", {"status": "'closed'"})

# %% write
import deltalake as dl
import pandas as pd

pdf = pd.DataFrame({"station_id": ["ST-001"], "temp_c": [12.0]})
dl.write_deltalake("s3://lake/warehouse/climate/daily_temperature", pdf, mode="overwrite")

# %% read
dl.write_deltalake("s3://lake/warehouse/scratch/daily_delta", pdf, mode="overwrite")
dl.DeltaTable("s3://lake/warehouse/climate/daily_temperature").to_pandas()

# %% write
from deltalake import DeltaTable as DeltaLakeTable

buoys = DeltaLakeTable("s3://marine-data/iceberg/buoys/readings")
buoys.delete("buoy_id = 'B-17'")

# %% read
buoys.vacuum(retention_hours=168)
print(buoys.version(), buoys.files()[:3])

# %% write
buoys.vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=False)

# %% write
instruments = Path("/home/jovyan/lakehouse") / "demo" / "events"
dl.write_deltalake(str(instruments), pdf, mode="append")
