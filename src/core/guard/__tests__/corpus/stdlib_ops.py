# %% read
import os
import shutil
from pathlib import Path

LAKE = Path("/home/jovyan/lakehouse")
EVENTS = LAKE / "demo" / "events"
print(sorted(os.listdir(EVENTS / "data")))

# %% write
shutil.rmtree(EVENTS / "data" / "event_date=2024-01-01")

# %% write
os.remove(os.path.join(EVENTS, "data", "event_date=2024-01-02", "part-0.parquet"))

# %% write
for name in os.listdir(EVENTS / "data"):
    if name.startswith("."):
        os.unlink(os.path.join(str(EVENTS), "data", name))

# %% write
shutil.move("/home/jovyan/lakehouse/demo/events/data/bad", "/home/jovyan/quarantine/bad")

# %% read
shutil.copytree(EVENTS / "data", "/home/jovyan/backups/events_data")

# %% write
shutil.copy("/home/jovyan/fixed.parquet", EVENTS / "data" / "fixed.parquet")

# %% write
os.rename("/home/jovyan/lakehouse/demo/events/metadata/v2.metadata.json", "/home/jovyan/lakehouse/demo/events/metadata/v2.bak")

# %% write
(EVENTS / "metadata" / "version-hint.text").write_text("3")

# %% write
Path("/home/jovyan/lakehouse/demo/events/data/_SUCCESS").touch()

# %% read
text = (EVENTS / "metadata" / "version-hint.text").read_text()
exists = (EVENTS / "data").exists()

# %% write
with open("/home/jovyan/lakehouse/demo/events/data/notes.csv", "w") as f:
    f.write("id,comment\n")

# %% write
log = open(f"{EVENTS}/data/append.log", mode="a")
log.write("run finished\n")

# %% read
with open("/home/jovyan/lakehouse/demo/events/metadata/v3.metadata.json") as f:
    metadata = json.load(f)

# %% read
with open("/home/jovyan/lakehouse/demo/events_notes.txt", "w") as f:
    f.write("notes about the events table")

# %% write
os.makedirs("/home/jovyan/lakehouse/demo/events/data/event_date=2099-01-01", exist_ok=True)

# %% read
os.makedirs("/home/jovyan/scratch/events_tmp", exist_ok=True)
shutil.rmtree("/home/jovyan/scratch/events_tmp")

# %% write
from shutil import rmtree as nuke

nuke("/home/jovyan/lakehouse/demo")

# %% write
target = EVENTS / "data" / "old.parquet"
target.rename(EVENTS.parent / "old.parquet")

# %% write
import pickle

with open(EVENTS / "model.pkl", "wb") as fh:
    pickle.dump(model, fh)

# %% read
with open(EVENTS / "metadata" / "snap-1.avro", "rb") as fh:
    header = fh.read(4)

# %% write
import gzip

with gzip.open("/home/jovyan/lakehouse/demo/events/data/dump.json.gz", "wt") as gz:
    gz.write(payload)

# %% write
(EVENTS / "data" / "event_date=2024-03-01").mkdir(parents=True)

# %% read
csv_path = "/home/jovyan/work/events_summary.csv"
with open(csv_path, "w") as f:
    f.write(summary)
