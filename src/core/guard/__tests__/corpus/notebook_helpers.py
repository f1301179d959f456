# %% read
import os
import pandas as pd
import dask.dataframe as dd

BASE = "s3://lake/warehouse"
frame = pd.DataFrame({"station_id": ["ST-001"], "temp_c": [9.5]})


def export(df, path, **kwargs):
    """Write a frame wherever the caller says."""
    df.to_parquet(path, index=False, **kwargs)

# %% write
export(frame, f"{BASE}/obs/observations/data/station_id=ST-001/manual.parquet")

# %% read
export(frame, f"{BASE}/scratch/maria/manual.parquet")

# %% read
def partition_path(table, station):
    return os.path.join(BASE, "obs", table, "data", f"station_id={station}")


print(partition_path("observations", "ST-001"))

# %% write
export(frame, partition_path("stations", "ST-002") + "/part-0.parquet")

# %% read
def backup(ddf, name):
    ddf.to_parquet(f"{BASE}/scratch/backups/{name}", write_index=False)

# %% read
backup(dd.from_pandas(frame, npartitions=1), "observations")

# %% read
def rebuild(ddf, table):
    target = f"{BASE}/{table}/data"
    ddf.to_parquet(target, overwrite=True)

# %% write
rebuild(dd.from_pandas(frame, npartitions=1), "climate/daily_temperature")

# %% read
rebuild(dd.from_pandas(frame, npartitions=1), "scratch/daily_temperature_copy")

# %% read
def clean(folder):
    import shutil

    shutil.rmtree(folder, ignore_errors=True)

# %% write
clean("/home/jovyan/lakehouse/demo/events/data")

# %% read
clean("/home/jovyan/tmp/events_copy")
