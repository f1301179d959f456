"""The S3 side of the listing benchmark: a loopback S3 server (moto) holding a partitioned tree,
and fsspec's `s3fs` `find` over it, the listing Dask runs on S3.

Started by bench.ts: prints one JSON line (endpoint, bucket, prefix, keys), then for each line
`find` on stdin times `S3FileSystem.find(detail=True)` on a fresh file system (no listing cache)
and prints `[seconds, count]`; exits when stdin closes. The objects are put straight into moto's
in-process backend: 100,000 PUTs over HTTP would take minutes and measure nothing we compare.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import time

BUCKET = "bench"
PREFIX = "warehouse/survey/obs/data"
REGIONS = 20
PER_DIRECTORY = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def key(i: int) -> str:
    """region × day directories of 100 files each, as bench.ts builds the local tree."""
    region = (i // PER_DIRECTORY) % REGIONS
    day = i // (PER_DIRECTORY * REGIONS)
    return f"{PREFIX}/region=R{region}/day={day}/00000-{i}-5f0c3e1a.parquet"


def main() -> None:
    files = int(sys.argv[1])
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(
        logging.ERROR
    )  # one access-log line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["global"]
    backend.create_bucket(BUCKET, "us-east-1")
    start = time.perf_counter()
    for i in range(files):
        backend.put_object(BUCKET, key(i), b"")
    seeded = time.perf_counter() - start
    endpoint = f"http://127.0.0.1:{port}"
    print(
        json.dumps(
            {
                "endpoint": endpoint,
                "bucket": BUCKET,
                "prefix": PREFIX,
                "keys": files,
                "seedSeconds": seeded,
            }
        ),
        flush=True,
    )
    import s3fs

    for line in sys.stdin:
        if line.strip() != "find":
            continue
        fs = s3fs.S3FileSystem(
            key="bench",
            secret="bench",
            client_kwargs={"endpoint_url": endpoint, "region_name": "us-east-1"},
            skip_instance_cache=True,
            use_listings_cache=False,
        )
        start = time.perf_counter()
        found = fs.find(f"{BUCKET}/{PREFIX}", detail=True)
        print(json.dumps([time.perf_counter() - start, len(found)]), flush=True)
    server.stop()


if __name__ == "__main__":
    main()
