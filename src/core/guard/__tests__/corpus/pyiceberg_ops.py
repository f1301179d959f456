# %% read
from pyiceberg.catalog import load_catalog

catalog = load_catalog("lake")
obs_tbl = catalog.load_table("obs.observations")
arrow = obs_tbl.scan(row_filter="station_id == 'ST-001'").to_arrow()

# %% write
obs_tbl.append(arrow)

# %% write
obs_tbl.overwrite(arrow, overwrite_filter="station_id == 'ST-001'")

# %% write
obs_tbl.delete(delete_filter="quality_flag = 9")

# %% read
print(obs_tbl.metadata.current_snapshot_id)
for snap in obs_tbl.snapshots():
    print(snap.snapshot_id, snap.summary)

# %% write
with obs_tbl.update_schema() as update:
    update.add_column("humidity", DoubleType())

# %% write
with obs_tbl.transaction() as tx:
    tx.set_properties(owner="maria")

# %% write
catalog.drop_table("climate.daily_temperature")

# %% write
catalog.purge_table(("sales", "orders"))

# %% read
catalog.list_tables("obs")
catalog.table_exists("obs.stations")

# %% read
scratch = catalog.create_table("scratch.obs_sample", schema=arrow.schema)
scratch.append(arrow)

# %% write
stations = load_catalog("lake", **{"uri": "http://rest:8181"}).load_table("obs.stations")
stations.upsert(arrow, join_cols=["station_id"])

# %% write
from pyiceberg.catalog.sql import SqlCatalog

local_cat = SqlCatalog("local", uri="sqlite:////home/jovyan/lakehouse/catalog.db", warehouse="file:///home/jovyan/lakehouse")
events = local_cat.load_table("demo.events")
events.add_files(["file:///home/jovyan/tmp/extra.parquet"])

# %% read
events.scan().to_pandas().tail()
events.inspect.snapshots()

# %% write
import pyiceberg.catalog as pic

cat2 = pic.load_catalog("marine")
readings = cat2.load_table(("buoys", "readings"))
readings.dynamic_partition_overwrite(arrow)

# %% write
with readings.update_spec() as spec:
    spec.add_identity("buoy_id")

# %% write
cat2.rename_table("buoys.readings", "buoys.readings_old")

# %% read
cat2.rename_table("buoys.readings_tmp", "buoys.readings_tmp2")

# %% write
readings.manage_snapshots().create_tag(123456789, "before-fix").commit()
