# %% read
from pyspark.sql import functions as F

readings = spark.table("marine.buoys.readings")
recent = readings.where(F.col("ts") > F.current_timestamp() - F.expr("INTERVAL 1 DAY"))
recent.count()

# %% write
recent.writeTo("marine.buoys.readings").append()

# %% write
fixed = recent.withColumn("wave_height_m", F.col("wave_height_cm") / 100)
fixed.writeTo("marine.buoys.readings").overwritePartitions()

# %% write
fixed.writeTo("marine.buoys.readings").overwrite(F.col("ts") > F.lit("2024-01-01"))

# %% read
fixed.writeTo("marine.scratch.readings_fixed").createOrReplace()

# %% write
(fixed.writeTo("lake.obs.stations")
    .using("iceberg")
    .tableProperty("write.format.default", "parquet")
    .createOrReplace())

# %% write
target_table = "lake.climate.daily_temperature"
summary = fixed.groupBy("buoy_id").count()
summary.writeTo(target_table).replace()

# %% write
summary.writeTo("lake.sales.orders").partitionedBy(F.col("buoy_id")).create()

# %% read
summary.writeTo("lake.sandbox.buoy_counts").using("iceberg").create()

# %% write
stream = spark.readStream.format("kafka").option("subscribe", "buoys").load()
query = (stream.writeStream
    .format("iceberg")
    .outputMode("append")
    .option("checkpointLocation", "s3://scratch/checkpoints/buoys")
    .toTable("marine.buoys.readings"))

# %% write
query2 = (stream.selectExpr("CAST(value AS STRING) AS line")
    .writeStream.format("parquet")
    .option("path", "s3a://marine-data/iceberg/buoys/readings/data")
    .option("checkpointLocation", "/tmp/ckpt")
    .start())

# %% read
query3 = stream.writeStream.format("console").start()

# %% read
query4 = (stream.writeStream.format("parquet")
    .option("checkpointLocation", "s3://scratch/ckpt/q4")
    .start("s3://scratch/streams/buoys_raw"))

# %% write
stream.writeStream.format("delta").option("checkpointLocation", "/tmp/c5").start("s3://marine-data/iceberg/buoys/readings")
