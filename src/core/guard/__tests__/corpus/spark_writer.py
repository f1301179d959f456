# %% read
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.appName("obs-qc").getOrCreate()
obs = spark.read.parquet("s3a://lake/warehouse/obs/observations/data")
obs.printSchema()

# %% write
cleaned = obs.filter(F.col("quality_flag") == 0)
cleaned.write.mode("append").parquet("s3a://lake/warehouse/obs/observations/data")

# %% write
(obs.withColumn("temp_k", F.col("temp_c") + 273.15)
    .write
    .mode("overwrite")
    .partitionBy("station_id", "obs_date")
    .parquet("s3://lake/warehouse/obs/observations/data/"))

# %% read
# write a QC subset to my scratch area instead
obs.limit(1000).write.mode("overwrite").parquet("s3://lake/warehouse/scratch/maria/obs_sample")

# %% write
obs.write.format("iceberg").mode("append").save("lake.obs.observations")

# %% write
stations = spark.read.csv("/home/jovyan/data/stations.csv", header=True)
stations.write.format("parquet").option("path", "s3://lake/warehouse/obs/stations/data").mode("overwrite").save()

# %% write
stations.write.insertInto("lake.obs.stations", overwrite=True)

# %% write
daily = obs.groupBy("station_id", "obs_date").agg(F.avg("temp_c").alias("mean_temp"))
daily.write.mode("overwrite").saveAsTable("lake.climate.daily_temperature")

# %% read
daily.write.mode("overwrite").saveAsTable("lake.scratch.daily_temperature_test")

# %% write
daily.write.csv("s3://lake/warehouse/climate/daily_temperature/export", header=True)

# %% write
daily.coalesce(1).write.json("s3a://lake/warehouse/climate/daily_temperature/metadata/debug")

# %% write
daily.write.orc("s3n://lake/warehouse/climate//daily_temperature/data")

# %% write
obs.select("raw_line").write.text("s3://lake/warehouse/obs/observations/raw_dump")

# %% read
obs.select("raw_line").write.text("s3://lake/warehouse/obs/observations_v2/raw_dump")

# %% read
obs.write.mode("overwrite").parquet("s3://lake/warehouse/obs_backup/observations")

# %% write
writer = obs.write.mode("overwrite").format("parquet")
writer.save("s3://lake/warehouse/obs")

# %% read
spark.read.format("iceberg").load("lake.obs.observations").createOrReplaceTempView("observations")
spark.table("lake.obs.stations").show(5)

# %% write
out_path = "s3a://lake/warehouse/sales.db/orders/data/order_date=2024-05-01"
orders_fix = spark.read.parquet(out_path).dropDuplicates(["order_id"])
orders_fix.write.mode("overwrite").parquet(out_path)

# %% write
(
    orders_fix
    .write
    .option("compression", "zstd")
    .mode("append")
    .parquet("s3://lake/warehouse/sales.db/orders/data")
)

# %% write
df_events = spark.range(100)
df_events.write.format("iceberg").mode("overwrite").save("/home/jovyan/lakehouse/demo/events")

# %% read
df_events.write.mode("overwrite").parquet("/home/jovyan/lakehouse/demo/events_export")

# %% write
obs.write.saveAsTable("obs.observations", mode="append")

# %% read
obs.write.option("header", True).csv("/tmp/observations_preview.csv")

# %% write
obs.write.bucketBy(8, "station_id").sortBy("obs_time").mode("overwrite").option("path", "s3://lake/warehouse/obs/observations").saveAsTable("obs_bucketed")
