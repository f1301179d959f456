# %% read
spark.sql("SELECT station_id, count(*) FROM lake.obs.observations GROUP BY station_id").show()

# %% write
spark.sql("""
    INSERT INTO lake.obs.observations
    SELECT * FROM staging_observations WHERE obs_date = '2024-06-01'
""")

# %% write
spark.sql("INSERT OVERWRITE lake.climate.daily_temperature SELECT station_id, obs_date, avg(temp_c) FROM lake.obs.observations GROUP BY 1, 2")

# %% write
spark.sql("""
MERGE INTO lake.obs.stations t
USING station_updates s
ON t.station_id = s.station_id
WHEN MATCHED THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *
""")

# %% write
spark.sql("UPDATE lake.obs.observations SET quality_flag = 2 WHERE temp_c > 60")

# %% write
spark.sql("DELETE FROM lake.obs.observations WHERE station_id = 'TEST-001'")

# %% write
spark.sql("TRUNCATE TABLE lake.sales.orders")

# %% write
spark.sql("ALTER TABLE lake.obs.observations ADD COLUMN humidity double")

# %% write
spark.sql("ALTER TABLE lake.obs.stations SET TBLPROPERTIES ('write.delete.mode'='merge-on-read')")

# %% write
spark.sql("DROP TABLE IF EXISTS lake.climate.daily_temperature")

# %% write
spark.sql("DROP TABLE lake.sales.orders PURGE")

# %% write
spark.sql("CALL lake.system.rewrite_data_files(table => 'obs.observations', strategy => 'sort', sort_order => 'station_id')")

# %% write
spark.sql("CALL lake.system.expire_snapshots('obs.observations', TIMESTAMP '2024-01-01 00:00:00')")

# %% write
spark.sql("CALL lake.system.remove_orphan_files(table => 'climate.daily_temperature')")

# %% write
spark.sql("CREATE OR REPLACE TABLE lake.obs.stations AS SELECT * FROM station_updates")

# %% read
spark.sql("CREATE OR REPLACE TABLE lake.scratch.stations_copy AS SELECT * FROM lake.obs.stations")

# %% read
spark.sql("CREATE OR REPLACE TEMP VIEW obs_today AS SELECT * FROM lake.obs.observations WHERE obs_date = current_date()")

# %% read
spark.sql("DESCRIBE TABLE EXTENDED lake.obs.observations").show(truncate=False)

# %% read
spark.sql("SHOW TABLES IN lake.obs").show()
spark.sql("SHOW PARTITIONS lake.obs.observations").show()

# %% read
spark.sql("SELECT * FROM lake.obs.observations.snapshots ORDER BY committed_at DESC").show()
spark.sql("SELECT file_path, record_count FROM lake.obs.observations.files").show()

# %% read
spark.sql("SELECT * FROM lake.obs.observations.history").toPandas()

# %% write
spark.sql("USE lake.obs")

spark.sql("DELETE FROM observations WHERE obs_date < '2020-01-01'")

# %% write
spark.sql("INSERT INTO stations VALUES ('ST-999', 'Test station', 0.0, 0.0)")

# %% read
spark.sql("INSERT INTO station_candidates SELECT * FROM stations WHERE active")

# %% write
table = "lake.obs.observations"
spark.sql(f"DELETE FROM {table} WHERE quality_flag = 9")

# %% write
ns = "climate"
spark.sql("INSERT INTO lake.{}.daily_temperature SELECT * FROM tmp_daily".format(ns))

# %% write
tbl_name = "lake.sales.orders"
spark.sql("UPDATE %s SET status = 'cancelled' WHERE order_id = 42" % tbl_name)

# %% read
spark.sql("EXPLAIN SELECT * FROM lake.sales.orders").show()
spark.sql("REFRESH TABLE lake.sales.orders")

# %% read
spark.sql("INSERT INTO lake.scratch.orders_sample SELECT * FROM lake.sales.orders TABLESAMPLE (1 PERCENT)")

# %% write
spark.sql("""
WITH latest AS (
    SELECT station_id, max(obs_time) AS t FROM lake.obs.observations GROUP BY station_id
)
INSERT INTO lake.obs.stations
SELECT station_id, 'unknown', NULL, NULL FROM latest
""")

# %% write
spark.sql("CREATE TABLE lake.scratch.obs_copy USING iceberg LOCATION 's3://lake/warehouse/obs/observations' AS SELECT 1")

# %% write
spark.sql("DROP NAMESPACE lake.climate CASCADE")

# %% read
spark.sql("CACHE TABLE lake.obs.stations")
spark.sql("SELECT count(*) FROM lake.obs.stations VERSION AS OF 123").show()

# %% write
spark.sql("USE local")
spark.sql("INSERT INTO demo.events SELECT * FROM new_events")

# %% write
spark.sql("CALL local.system.rollback_to_snapshot('demo.events', 5781947118336215154)")

# %% write
spark.sql("ALTER TABLE marine.buoys.readings DROP PARTITION FIELD days(ts)")
