# %% read
%load_ext sql
%config SqlMagic.autopandas = True

# %% read
%%sql
SELECT station_id, avg(temp_c) AS mean_temp
FROM lake.obs.observations
GROUP BY station_id
ORDER BY mean_temp DESC
LIMIT 20

# %% write
%%sql
-- backfill yesterday's readings
INSERT INTO lake.obs.observations
SELECT * FROM staging.observations_20240601

# %% write
%%sql
DELETE FROM lake.climate.daily_temperature
WHERE obs_date >= '2024-06-01'

# %% write
%sql TRUNCATE TABLE lake.sales.orders

# %% read
counts = %sql SELECT count(*) FROM lake.sales.orders

# %% write
%%spark -c sql
UPDATE marine.buoys.readings SET wave_height_m = NULL WHERE wave_height_m < 0

# %% read
%%spark -c sql
SELECT * FROM marine.buoys.readings LIMIT 10

# %% write
%%sql
USE lake.obs;
MERGE INTO stations t USING new_stations s ON t.station_id = s.station_id
WHEN MATCHED THEN UPDATE SET t.name = s.name;

# %% read
%%sql
SHOW TABLES;
DESCRIBE stations;

# %% write
%%spark
df = spark.table("lake.obs.stations")
df.write.mode("overwrite").saveAsTable("lake.obs.stations")

# %% read
%%time
df = spark.table("lake.obs.stations").toPandas()
df.describe()

# %% write
%%time
df.to_parquet("s3://lake/warehouse/obs/stations/data/stations.parquet")
