"""Build the demo lakehouse: a pyiceberg SQL catalog on SQLite with survey data in a local warehouse.

Usage: python demo/make_lakehouse.py DIR

Creates (and on a re-run first removes) DIR/catalog.db, DIR/warehouse/ and DIR/.pyiceberg.yaml,
leaving anything else in DIR alone. The data is seeded, so every run writes the same rows.

The tables show what a scientist meets when reading Iceberg tables with Dask as Hive partitions:

- survey.observations: a dual-layout table, partitioned by ``region`` and observing ``night``
  (an integer YYYYMMDD, as surveys such as DESI record it). Region names have no spaces:
  Iceberg writers encode a space as ``+`` (``region=South+America``), which pyarrow does not
  decode, so Dask's ``filters=[("region", "==", "South America")]`` would find no rows.
- survey.stations: partitioned by ``region`` like the observations, for a partition-aligned join.
- survey.weather: partitioned by ``day(measured_at)``; Dask reads the rows plus a
  ``measured_at_day`` column taken from the directory names.
- survey.calibrations: drifted. Overwritten calibrations left their old files in the Hive tree,
  where Dask still reads them.
- survey.transients: partitioned by ``region`` and ``day(detected_at)``. Dask refuses the Hive
  view when some partition columns are stored in the files and others are not.
- archive.legacy_readings: written with the object-storage layout, so its files sit under hashed
  directories rather than ``key=value`` ones: not a Hive layout at all.

Why ``night`` is an integer and strings are ``string`` (not ``large_string``): Dask only reads a
Hive tree whose partition columns are also in the files when the files' types equal those Arrow
infers from directory names (int32, string); a date or int64 column there breaks the read.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import In
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.table import Table
from pyiceberg.transforms import DayTransform, IdentityTransform
from pyiceberg.types import (
    DoubleType,
    IcebergType,
    IntegerType,
    LongType,
    NestedField,
    StringType,
    TimestampType,
)

CATALOG_NAME = "demo"
SEED = 20240102
REGIONS = ("Europe", "North-America", "South-America", "Oceania")
NIGHTS = tuple(dt.date(2024, 1, 2) + dt.timedelta(days=i) for i in range(5))
INSTRUMENTS = ("WFC-1", "WFC-2", "SPEC-A", "IRCAM")
BANDS = ("g", "r", "i", "z")
TARGETS = ("M31", "M42", "NGC 253", "LMC", "Omega Cen", "M87", "Sgr A*", "NGC 6397")
STATIONS_PER_REGION = 6
OBSERVATIONS_PER_STATION_NIGHT = 60
SITE_COORDINATES = {
    "Europe": (28.76, -17.88, 2396),  # La Palma
    "North-America": (19.82, -155.47, 4205),  # Mauna Kea
    "South-America": (-24.63, -70.40, 2635),  # Cerro Paranal
    "Oceania": (-31.27, 149.07, 1165),  # Siding Spring
}


def field(
    field_id: int, name: str, kind: IcebergType, required: bool = False
) -> NestedField:
    return NestedField(field_id, name, kind, required=required)


def arrow_schema(schema: Schema) -> pa.Schema:
    """The table's Arrow schema with plain ``string``s, which Dask's Hive reader unifies with."""
    fields = [
        f.with_type(pa.string()) if pa.types.is_large_string(f.type) else f
        for f in schema.as_arrow()
    ]
    return pa.schema(fields)


def identity(source_id: int, field_id: int, name: str) -> PartitionField:
    return PartitionField(source_id, field_id, IdentityTransform(), name)


@dataclass(frozen=True)
class Built:
    identifier: str
    table: Table
    note: str


# ---------------------------------------------------------------------------- survey.stations


STATIONS_SCHEMA = Schema(
    field(1, "station_id", StringType(), required=True),
    field(2, "region", StringType(), required=True),
    field(3, "name", StringType()),
    field(4, "latitude", DoubleType()),
    field(5, "longitude", DoubleType()),
    field(6, "elevation_m", IntegerType()),
    field(7, "instrument", StringType()),
)
STATIONS_SPEC = PartitionSpec(identity(2, 1000, "region"))


def station_rows(rng: random.Random) -> list[dict]:
    rows = []
    for region in REGIONS:
        lat, lon, elevation = SITE_COORDINATES[region]
        code = "".join(word[0] for word in region.split()).upper()
        for number in range(1, STATIONS_PER_REGION + 1):
            rows.append(
                {
                    "station_id": f"{code}-{number:02d}",
                    "region": region,
                    "name": f"{region} station {number}",
                    "latitude": round(lat + rng.uniform(-0.05, 0.05), 4),
                    "longitude": round(lon + rng.uniform(-0.05, 0.05), 4),
                    "elevation_m": elevation + rng.randint(-40, 40),
                    "instrument": rng.choice(INSTRUMENTS),
                }
            )
    return rows


# ---------------------------------------------------------------------------- survey.observations


OBSERVATIONS_SCHEMA = Schema(
    field(1, "obs_id", LongType(), required=True),
    field(2, "station_id", StringType(), required=True),
    field(3, "region", StringType(), required=True),
    field(4, "night", IntegerType(), required=True),
    field(5, "obs_time", TimestampType(), required=True),
    field(6, "instrument", StringType()),
    field(7, "target", StringType()),
    field(8, "band", StringType()),
    field(9, "magnitude", DoubleType()),
    field(10, "magnitude_err", DoubleType()),
    field(11, "seeing_arcsec", DoubleType()),
    field(12, "airmass", DoubleType()),
)
OBSERVATIONS_SPEC = PartitionSpec(
    identity(3, 1000, "region"), identity(4, 1001, "night")
)


def observation_rows(rng: random.Random, stations: list[dict], nights) -> list[dict]:
    rows = []
    for night in nights:
        dusk = dt.datetime.combine(night, dt.time(20, 0))
        for station in stations:
            for _ in range(OBSERVATIONS_PER_STATION_NIGHT):
                magnitude = rng.gauss(17.5, 2.0)
                rows.append(
                    {
                        "obs_id": 0,  # numbered below, in write order
                        "station_id": station["station_id"],
                        "region": station["region"],
                        "night": int(night.strftime("%Y%m%d")),
                        "obs_time": dusk
                        + dt.timedelta(seconds=rng.randint(0, 10 * 3600)),
                        "instrument": station["instrument"],
                        "target": rng.choice(TARGETS),
                        "band": rng.choice(BANDS),
                        "magnitude": round(magnitude, 3),
                        "magnitude_err": round(
                            0.01 + 0.004 * max(magnitude - 14, 0) ** 1.5, 4
                        ),
                        "seeing_arcsec": round(rng.lognormvariate(0, 0.3), 2),
                        "airmass": round(1 + rng.expovariate(3), 3),
                    }
                )
    return rows


# ---------------------------------------------------------------------------- survey.weather


WEATHER_SCHEMA = Schema(
    field(1, "station_id", StringType(), required=True),
    field(2, "measured_at", TimestampType(), required=True),
    field(3, "temperature_c", DoubleType()),
    field(4, "humidity_pct", DoubleType()),
    field(5, "wind_speed_ms", DoubleType()),
    field(6, "pressure_hpa", DoubleType()),
)
WEATHER_SPEC = PartitionSpec(PartitionField(2, 1000, DayTransform(), "measured_at_day"))


def weather_rows(rng: random.Random, stations: list[dict]) -> list[dict]:
    rows = []
    for station in stations[::3]:
        for night in NIGHTS:
            for hour in range(0, 24, 2):
                rows.append(
                    {
                        "station_id": station["station_id"],
                        "measured_at": dt.datetime.combine(night, dt.time(hour)),
                        "temperature_c": round(rng.gauss(8, 5), 1),
                        "humidity_pct": round(
                            min(100.0, max(2.0, rng.gauss(35, 15))), 1
                        ),
                        "wind_speed_ms": round(rng.expovariate(1 / 6), 1),
                        "pressure_hpa": round(rng.gauss(770, 6), 1),
                    }
                )
    return rows


# ---------------------------------------------------------------------------- survey.calibrations


CALIBRATIONS_SCHEMA = Schema(
    field(1, "instrument", StringType(), required=True),
    field(2, "band", StringType(), required=True),
    field(3, "version", IntegerType(), required=True),
    field(4, "zero_point", DoubleType()),
    field(5, "extinction_coeff", DoubleType()),
    field(6, "valid_from", TimestampType()),
)
CALIBRATIONS_SPEC = PartitionSpec(identity(1, 1000, "instrument"))


def calibration_rows(rng: random.Random, instruments, version: int) -> list[dict]:
    return [
        {
            "instrument": instrument,
            "band": band,
            "version": version,
            "zero_point": round(25 + rng.gauss(0, 0.3), 4),
            "extinction_coeff": round(0.05 + 0.1 * rng.random(), 4),
            "valid_from": dt.datetime(2024, 1, 1)
            + dt.timedelta(days=3 * (version - 1)),
        }
        for instrument in instruments
        for band in BANDS
    ]


# ---------------------------------------------------------------------------- survey.transients


TRANSIENTS_SCHEMA = Schema(
    field(1, "alert_id", LongType(), required=True),
    field(2, "region", StringType(), required=True),
    field(3, "detected_at", TimestampType(), required=True),
    field(4, "kind", StringType()),
    field(5, "peak_magnitude", DoubleType()),
)
TRANSIENTS_SPEC = PartitionSpec(
    identity(2, 1000, "region"),
    PartitionField(3, 1001, DayTransform(), "detected_at_day"),
)


def transient_rows(rng: random.Random) -> list[dict]:
    kinds = ("supernova", "nova", "flare star", "asteroid", "variable")
    start = dt.datetime.combine(NIGHTS[0], dt.time(20))
    return [
        {
            "alert_id": 900_000 + i,
            "region": rng.choice(REGIONS),
            "detected_at": start + dt.timedelta(minutes=rng.randint(0, 5 * 24 * 60)),
            "kind": rng.choice(kinds),
            "peak_magnitude": round(rng.gauss(18, 1.5), 2),
        }
        for i in range(400)
    ]


# ---------------------------------------------------------------------------- archive.legacy_readings


LEGACY_SCHEMA = Schema(
    field(1, "reading_id", LongType(), required=True),
    field(2, "site", StringType(), required=True),
    field(3, "recorded_at", TimestampType()),
    field(4, "sensor", StringType()),
    field(5, "value", DoubleType()),
    field(6, "unit", StringType()),
)
LEGACY_SPEC = PartitionSpec(identity(2, 1000, "site"))
LEGACY_PROPERTIES = {
    # Hashed directories (pyiceberg's ObjectStoreLocationProvider) and no key=value segments.
    "write.object-storage.enabled": "true",
    "write.object-storage.partitioned-paths": "false",
}


def legacy_rows(rng: random.Random) -> list[dict]:
    sensors = (("pyranometer", "W/m2"), ("barometer", "hPa"), ("hygrometer", "%"))
    start = dt.datetime(1998, 3, 1)
    rows = []
    for i in range(1800):
        sensor, unit = rng.choice(sensors)
        rows.append(
            {
                "reading_id": i + 1,
                "site": rng.choice(("Kitt Peak", "La Silla", "Mount Stromlo")),
                "recorded_at": start + dt.timedelta(hours=6 * i),
                "sensor": sensor,
                "value": round(rng.uniform(0, 1000), 2),
                "unit": unit,
            }
        )
    return rows


# ---------------------------------------------------------------------------- building


def write(table: Table, rows: list[dict]) -> None:
    table.append(pa.Table.from_pylist(rows, schema=arrow_schema(table.schema())))


def reset(directory: Path) -> tuple[Path, Path]:
    """Remove what a previous run created (and nothing else); return the catalog and warehouse paths."""
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / "catalog.db"
    warehouse = directory / "warehouse"
    database.unlink(missing_ok=True)
    (directory / ".pyiceberg.yaml").unlink(missing_ok=True)
    shutil.rmtree(warehouse, ignore_errors=True)
    warehouse.mkdir()
    return database, warehouse


def write_config(directory: Path, database: Path, warehouse: Path) -> Path:
    config = directory / ".pyiceberg.yaml"
    config.write_text(
        "# Written by demo/make_lakehouse.py; point PYICEBERG_HOME at this folder to use it.\n"
        "catalog:\n"
        f"  {CATALOG_NAME}:\n"
        "    type: sql\n"
        f"    uri: sqlite:///{database}\n"
        f"    warehouse: {warehouse.as_uri()}\n",
        encoding="utf-8",
    )
    return config


def build(directory: Path) -> list[Built]:
    directory = directory.resolve()
    database, warehouse = reset(directory)
    catalog = SqlCatalog(
        CATALOG_NAME, uri=f"sqlite:///{database}", warehouse=warehouse.as_uri()
    )
    catalog.create_namespace(
        "survey", {"comment": "Multi-site sky survey, January 2024"}
    )
    catalog.create_namespace("archive", {"comment": "Site monitoring from the 1990s"})
    rng = random.Random(SEED)
    built = []

    stations = station_rows(rng)
    table = catalog.create_table(
        "survey.stations", STATIONS_SCHEMA, partition_spec=STATIONS_SPEC
    )
    write(table, stations)
    built.append(Built("survey.stations", table, "dual layout, partitioned by region"))

    table = catalog.create_table(
        "survey.observations", OBSERVATIONS_SCHEMA, partition_spec=OBSERVATIONS_SPEC
    )
    next_id = 1
    for nights in (
        NIGHTS[:2],
        NIGHTS[2:4],
        NIGHTS[4:],
    ):  # one append per batch of nights
        rows = observation_rows(rng, stations, nights)
        for row in rows:
            row["obs_id"], next_id = next_id, next_id + 1
        write(table, rows)
    built.append(
        Built("survey.observations", table, "dual layout, by region and night")
    )

    table = catalog.create_table(
        "survey.weather", WEATHER_SCHEMA, partition_spec=WEATHER_SPEC
    )
    write(table, weather_rows(rng, stations))
    built.append(Built("survey.weather", table, "dual layout, by day(measured_at)"))

    table = catalog.create_table(
        "survey.calibrations", CALIBRATIONS_SCHEMA, partition_spec=CALIBRATIONS_SPEC
    )
    write(table, calibration_rows(rng, INSTRUMENTS, version=1))
    recalibrated = INSTRUMENTS[:2]
    table.overwrite(
        pa.Table.from_pylist(
            calibration_rows(rng, recalibrated, version=2),
            schema=arrow_schema(table.schema()),
        ),
        overwrite_filter=In("instrument", recalibrated),
    )
    built.append(
        Built(
            "survey.calibrations",
            table,
            "DRIFTED: overwritten files still in the Hive tree",
        )
    )

    table = catalog.create_table(
        "survey.transients", TRANSIENTS_SCHEMA, partition_spec=TRANSIENTS_SPEC
    )
    write(table, transient_rows(rng))
    built.append(
        Built(
            "survey.transients",
            table,
            "Hive tree Dask refuses: region in files, day not",
        )
    )

    table = catalog.create_table(
        "archive.legacy_readings",
        LEGACY_SCHEMA,
        partition_spec=LEGACY_SPEC,
        properties=LEGACY_PROPERTIES,
    )
    write(table, legacy_rows(rng))
    built.append(
        Built("archive.legacy_readings", table, "not Hive: object-storage layout")
    )

    write_config(directory, database, warehouse)
    return built


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    directory = Path(argv[0])
    built = build(directory)
    directory = directory.resolve()
    print(
        f"Demo lakehouse in {directory} (catalog '{CATALOG_NAME}', SQLite + local warehouse):"
    )
    width = max(len(b.identifier) for b in built)
    for b in built:
        snapshot = b.table.current_snapshot()
        rows = (
            snapshot.summary["total-records"] if snapshot and snapshot.summary else "0"
        )
        files = (
            snapshot.summary["total-data-files"]
            if snapshot and snapshot.summary
            else "0"
        )
        print(f"  {b.identifier:<{width}}  {rows:>5} rows  {files:>3} files  {b.note}")
    print(
        f"Use it with: PYICEBERG_HOME={directory} (reads {directory / '.pyiceberg.yaml'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
