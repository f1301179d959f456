"""The leanest honest pyiceberg script for the same question: iterate `fetch_manifest_entry`
over the current snapshot's manifests for the live data files, walk the data root with
os.walk, and take the set differences. No inspect tables, no Arrow. Prints counts as JSON."""

import json
import os
import sys

from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.manifest import DataFileContent, ManifestEntryStatus


def main(config_path: str) -> None:
    with open(config_path) as file:
        info = json.load(file)
    catalog = SqlCatalog("bench", **info["properties"])
    table = catalog.load_table(info["table"].split(".", 1)[1])
    io = table.io
    live = set()
    for manifest in table.current_snapshot().manifests(io):
        for entry in manifest.fetch_manifest_entry(io, discard_deleted=True):
            if entry.status != ManifestEntryStatus.DELETED and (
                entry.data_file.content == DataFileContent.DATA
            ):
                live.add(entry.data_file.file_path.removeprefix("file://"))
    listed = set()
    for directory, _, names in os.walk(info["data_root"]):
        listed.update(
            os.path.join(directory, n)
            for n in names
            if n.endswith((".parquet", ".parq", ".pq"))
        )
    print(
        json.dumps(
            {
                "live": len(live),
                "listed": len(listed),
                "stale": len(listed - live),
                "unlisted": len(live - listed),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
