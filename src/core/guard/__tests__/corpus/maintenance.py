# %% write
CATALOG = "lake"
TABLE = "obs.observations"
spark.sql(f"CALL {CATALOG}.system.rewrite_data_files(table => '{TABLE}', where => \"station_id = 'ST-1'\", options => map('rewrite-all', 'true', 'remove-dangling-deletes', 'true'))")

# %% write
snapshot_ids = [5781947118336215154, 5781947118336215155]
spark.sql(f"CALL {CATALOG}.system.expire_snapshots(table => 'obs.stations', snapshot_ids => array({', '.join(map(str, snapshot_ids))}))")

# %% write
spark.sql("CALL lake.system.remove_orphan_files('climate.daily_temperature', TIMESTAMP '2024-06-01 00:00:00')")

# %% write
spark.sql("CALL marine.system.rewrite_position_delete_files(table => 'buoys.readings', options => map('rewrite-all', 'true'))")

# %% write
stale = ["s3://lake/warehouse/sales.db/orders/data/region=EU/old-0.parquet"]
io = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, "lake.sales.orders").io()
for path in stale:
    io.deleteFile(path)
    print(f"removed {path}")

# %% write
jtable = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, "local.demo.events")
jtable.expireSnapshots().expireSnapshotId(5781947118336215154).cleanExpiredFiles(True).commit()

# %% write
import os
catalog = os.environ["SPARK_CATALOG"]
spark.sql(f"CALL {catalog}.system.rewrite_manifests('obs.observations')")

# %% write
def run_step(title, statement):
    print(title)
    return spark.sql(statement).collect()

run_step("Rewrite the stale partition", "CALL lake.system.rewrite_data_files(table => 'obs.stations', where => 'active')")

# %% write
spark.sql("CALL {}.system.expire_snapshots(table => '{}', older_than => TIMESTAMP '2024-01-01')".format("lake", "climate.daily_temperature"))

# %% write
spark.sql("USE lake")
spark.sql("CALL system.rewrite_data_files(table => 'sales.orders')")

# %% read
spark.sql("CALL lake.system.rewrite_data_files(table => 'scratch.observations_copy', where => \"station_id = 'ST-1'\")")

# %% read
print("After review, run: CALL lake.system.expire_snapshots(table => 'obs.observations', snapshot_ids => array(1))")

# %% read
spark.sql("CALL lake.system.ancestors_of('obs.observations')").show()

# %% read
scratch = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, "lake.scratch.tmp_events")
scratch.io().deleteFile("s3://lake/warehouse/scratch/tmp_events/data/part-0.parquet")

# %% read
# spark.sql("CALL lake.system.remove_orphan_files(table => 'obs.stations')")
spark.sql("SELECT file_path FROM lake.obs.stations.all_files").show()

# %% read
orders = spark._jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, "lake.sales.orders")
print(orders.io().newInputFile("s3://lake/warehouse/sales.db/orders/data/region=EU/old-0.parquet").getLength())
print(orders.currentSnapshot().snapshotId())

# %% read
spark.sql("CALL lake.system.create_changelog_view(table => 'obs.observations', changelog_view => 'observation_changes')")
