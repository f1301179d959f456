# %% read
import pyarrow as pa
from pyiceberg.catalog import load_catalog
from pyiceberg.schema import Schema
from pyiceberg.types import DoubleType, NestedField, StringType

CATALOG_NAME = "lake"
catalog = load_catalog(CATALOG_NAME, **{"type": "rest", "uri": "http://iceberg-rest:8181"})
schema = Schema(NestedField(1, "station_id", StringType(), required=False), NestedField(2, "temp_c", DoubleType(), required=False))
batch = pa.table({"station_id": ["ST-001"], "temp_c": [11.5]})

# %% write
obs = catalog.create_table_if_not_exists("obs.observations", schema=schema)
obs.append(batch)

# %% write
tbl = catalog.create_table(identifier=("climate", "daily_temperature"), schema=schema)
tbl.overwrite(batch)

# %% read
sample = catalog.create_table_if_not_exists("scratch.obs_sample", schema=schema)
sample.append(batch)
sample.overwrite(batch)

# %% write
restored = catalog.register_table(("obs", "stations"), "s3://lake/warehouse/obs/stations/metadata/00012-abc.metadata.json")
restored.delete(delete_filter="station_id = 'ST-999'")

# %% read
restored.scan(limit=10).to_arrow()
restored.schema()

# %% write
ns = "sales"
orders = catalog.load_table(f"{ns}.orders")
orders.upsert(batch, join_cols=["station_id"])

# %% write
_, daily = "ignored", catalog.load_table("climate.daily_temperature")
daily.add_files(file_paths=["s3://lake/warehouse/scratch/backfill/part-0.parquet"])

# %% write
tables = {"obs": catalog.load_table("obs.observations"), "scratch": catalog.load_table("scratch.tmp")}
tables["obs"].append(batch)

# %% read
tables["scratch"].append(batch)

# %% write
def observations_table():
    return catalog.load_table("obs.observations")


observations_table().overwrite(batch, overwrite_filter="station_id == 'ST-001'")

# %% write
def table_for(name):
    return catalog.load_table(("obs", name))


stations = table_for("stations")
stations.append(batch)

# %% read
print(table_for("stations").metadata.location)
for task in table_for("stations").scan().plan_files():
    print(task.file.file_path)

# %% write
class StationStore:
    def __init__(self, cat):
        self.cat = cat
        self.table = cat.load_table("obs.stations")

    def refresh_from(self, arrow_table):
        self.table.overwrite(arrow_table)

# %% read
class ScratchStore:
    def __init__(self, cat):
        self.table = cat.load_table("scratch.stations_copy")

    def save(self, arrow_table):
        self.table.append(arrow_table)

# %% write
with catalog.load_table("sales.orders").transaction() as txn:
    txn.delete("order_status = 'cancelled'")
    txn.append(batch)

# %% write
obs_t = catalog.load_table("obs.observations")
with obs_t.transaction() as transaction:
    with transaction.update_schema() as us:
        us.add_column("dew_point", DoubleType())

# %% write
schema_update = obs_t.update_schema(allow_incompatible_changes=True)
schema_update.delete_column("temp_c")
schema_update.commit()

# %% write
obs_t.update_spec().add_identity("station_id").commit()

# %% read
print(obs_t.spec())
print(obs_t.sort_order())
obs_t.inspect.files().to_pandas()

# %% write
catalog.drop_table(f"{ns}.orders")

# %% write
catalog.purge_table("obs.stations")

# %% write
catalog.rename_table(("climate", "daily_temperature"), ("scratch", "daily_temperature_old"))

# %% read
catalog.rename_table("scratch.a", "scratch.b")
catalog.drop_table("scratch.obs_sample")

# %% read
existing = [".".join(t) for t in catalog.list_tables("obs")]
print(existing, catalog.load_namespace_properties("obs"))
