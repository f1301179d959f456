# %% read
import s3fs

fs = s3fs.S3FileSystem(anon=False)
files = fs.ls("s3://lake/warehouse/obs/observations/data")
print(len(files))

# %% write
fs.rm("s3://lake/warehouse/obs/observations/data/station_id=TEST", recursive=True)

# %% write
for f in fs.glob("s3://lake/warehouse/obs/observations/data/**/*.tmp"):
    fs.rm(f)

# %% write
fs.put("/home/jovyan/fixed/part-0000.parquet", "s3://lake/warehouse/obs/observations/data/station_id=ST-001/part-0000.parquet")

# %% read
fs.get("s3://lake/warehouse/obs/observations/data/station_id=ST-001/", "/home/jovyan/local_copy/", recursive=True)

# %% read
fs.copy("s3://lake/warehouse/obs/observations/data/station_id=ST-001", "s3://scratch/maria/st001", recursive=True)

# %% write
fs.copy("s3://scratch/maria/st001", "s3://lake/warehouse/obs/observations/data/station_id=ST-001", recursive=True)

# %% write
fs.mv("s3://lake/warehouse/obs/stations/data/old.parquet", "s3://scratch/trash/old.parquet")

# %% write
with fs.open("s3://lake/warehouse/obs/stations/data/notes.txt", "w") as fh:
    fh.write("patched by hand")

# %% read
with fs.open("s3://lake/warehouse/obs/stations/metadata/v3.metadata.json") as fh:
    meta = json.load(fh)

# %% write
fs.touch("s3://lake/warehouse/sales.db/orders/data/_SUCCESS")

# %% write
fs.pipe("s3://lake/warehouse/sales.db/orders/metadata/version-hint.text", b"7")

# %% write
import fsspec

with fsspec.open("s3://raw-landing/instruments/ctd/cast_0042.cnv", "wb") as out:
    out.write(payload)

# %% read
with fsspec.open("s3://raw-landing/instruments/ctd/cast_0042.cnv", "rb") as src:
    raw = src.read()

# %% write
gcs = fsspec.filesystem("s3")
gcs.rm("s3://marine-data/iceberg/buoys/readings/data/", recursive=True)

# %% write
from upath import UPath

base = UPath("s3://lake/warehouse/climate/daily_temperature")
(base / "data" / "README.md").write_text("do not touch")

# %% read
p = UPath("s3://lake/warehouse/climate/daily_temperature") / "metadata"
print([x.name for x in p.iterdir()])

# %% write
for part in (base / "data").iterdir():
    part.unlink()

# %% read
fs.mkdir("s3://scratch/maria/new_folder")
fs.rm("s3://lake/warehouse/scratch/maria/tmp", recursive=True)

# %% write
fs.rm("s3://lake/warehouse/obs", recursive=True)

# %% write
dbutils.fs.rm("s3://lake/warehouse/obs/observations/data/_temporary", True)

# %% write
dbutils.fs.put("s3://lake/warehouse/obs/stations/data/_README", "manual fix 2024-06", True)

# %% read
display(dbutils.fs.ls("s3://lake/warehouse/obs/stations/data"))
