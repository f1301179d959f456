# %% read
import dask.dataframe as dd
import pandas as pd

obs = dd.read_parquet("s3://lake/warehouse/obs/observations/data", dataset={"partitioning": "hive"})
obs.head()

# %% write
obs_clean = obs[obs.temp_c.between(-80, 60)]
obs_clean.to_parquet("s3://lake/warehouse/obs/observations/data", partition_on=["station_id"])

# %% read
obs_clean.to_parquet("s3://scratch/maria/observations_clean", partition_on=["station_id"])

# %% write
dd.to_parquet(obs_clean, "s3a://lake/warehouse/obs/observations/data/", overwrite=True)

# %% write
obs_clean.to_csv("s3://lake/warehouse/obs/observations/csv/part-*.csv", index=False)

# %% write
obs_clean.to_json("s3://lake/warehouse/obs/observations/json/*.json")

# %% read
pdf = obs.get_partition(0).compute()
pdf.to_csv("observations_part0.csv")

# %% write
pdf.to_parquet("s3://lake/warehouse/obs/observations/data/station_id=ST-001/fix.parquet")

# %% write
import dask.dataframe as xd

ddf2 = xd.read_csv("s3://raw-landing/instruments/2024/06/*.csv")
ddf2.to_parquet("s3://raw-landing/instruments/2024/06/parquet")

# %% read
ddf2.to_parquet("s3://raw-landing/instruments/tmp/2024-06")

# %% write
stations = pd.read_parquet("s3://lake/warehouse/obs/stations/data")
stations.loc[stations.station_id == "ST-042", "elevation_m"] = 512.0
stations.to_parquet("s3://lake/warehouse/obs/stations/data/00000-fixed.parquet", index=False)

# %% write
stations.to_feather("s3://lake/warehouse/obs/stations/stations.feather")

# %% write
with pd.ExcelWriter("/home/jovyan/lakehouse/demo/events/summary.xlsx") as xw:
    stations.to_excel(xw)
stations.to_excel("/home/jovyan/lakehouse/demo/events/summary2.xlsx")

# %% read
stations.to_excel("/home/jovyan/reports/stations.xlsx")

# %% write
import polars as pl

orders = pl.read_parquet("s3://lake/warehouse/sales.db/orders/data/**/*.parquet")
orders.write_parquet("s3://lake/warehouse/sales.db/orders/data/order_date=2024-06-01/polars.parquet")

# %% read
orders.filter(pl.col("amount") > 100).write_csv("/tmp/big_orders.csv")

# %% write
lazy = pl.scan_parquet("s3://lake/warehouse/sales.db/orders/data/**/*.parquet")
lazy.sink_parquet("s3://lake/warehouse/sales.db/orders/data/compacted.parquet")

# %% write
pdf.to_pickle("s3://lake/warehouse/climate/daily_temperature/cache.pkl")

# %% write
from dask import dataframe

temps = dataframe.read_parquet("s3://lake/warehouse/climate/daily_temperature/data")
temps = temps.repartition(npartitions=4)
temps.to_parquet(path="s3://lake/warehouse/climate/daily_temperature/data", write_index=False)

# %% read
temps.describe().compute().to_csv("s3://scratch/reports/temps_describe.csv")

# %% read
temps.to_parquet("s3://lake/warehouse/climate/daily_temperature_v2/data")

# %% write
pdf.to_hdf("/home/jovyan/lakehouse/demo/events/cache.h5", key="events")

# %% write
import xarray as xr

ds_grid = xr.open_zarr("s3://scratch/grids/era5.zarr")
ds_grid.to_zarr("s3://marine-data/iceberg/buoys/readings/grid.zarr", mode="w")

# %% read
ds_grid.to_netcdf("/tmp/era5_subset.nc")
