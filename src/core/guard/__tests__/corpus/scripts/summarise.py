"""Summarise the observations into the scratch area."""
import pandas as pd

obs = pd.read_parquet("s3://lake/warehouse/obs/observations/data")
obs.groupby("station_id").temp_c.mean().to_frame().to_parquet("s3://lake/warehouse/scratch/summary.parquet")
