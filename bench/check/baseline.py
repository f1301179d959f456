"""What a platform engineer would script without dual-layout: pyiceberg's inspect.files() for the
live files, a storage listing of the data root, and the set differences. Prints counts as JSON."""

import json
import os
import sys

from pyiceberg.catalog.sql import SqlCatalog


def main(config_path: str) -> None:
    with open(config_path) as file:
        info = json.load(file)
    properties = dict(info["properties"])
    catalog = SqlCatalog("bench", **properties)
    table = catalog.load_table(info["table"].split(".", 1)[1])
    live = {
        p.removeprefix("file://")
        for p in table.inspect.files().column("file_path").to_pylist()
    }
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
