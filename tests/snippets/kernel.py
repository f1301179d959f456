"""Run snippets as a notebook kernel would, then save what they bound.

Usage: ``python -m tests.snippets.kernel SPEC.json OUT.pickle``. The spec lists code cells,
executed in order in one ``__main__`` namespace like the cells of one notebook; after each cell
the variables it names in ``collect`` (``{alias: variable}``) are saved under their alias. A Dask
DataFrame is computed and its task-graph layer names recorded; a Spark DataFrame is collected
with its schema; a plain value (a string, a number) is saved as it is.
"""

from __future__ import annotations

import json
import pickle
import sys
import warnings


def collect(value) -> dict:
    if hasattr(value, "__dask_graph__"):
        from dask.utils import key_split

        layers = sorted({key_split(key) for key in value.__dask_graph__()})
        return {
            "engine": "dask",
            "frame": value.compute(),
            "layers": layers,
            "npartitions": value.npartitions,
        }
    if hasattr(value, "collect") and hasattr(value, "schema"):
        return {
            "engine": "spark",
            "rows": [tuple(row) for row in value.collect()],
            "schema": [
                (f.name, f.dataType.simpleString()) for f in value.schema.fields
            ],
        }
    if isinstance(value, (str, int, float, bool)):
        return {"value": value}
    raise TypeError(f"cannot collect a {type(value).__name__}")


def main() -> None:
    spec_path, out_path = sys.argv[1:3]
    with open(spec_path) as spec_file:
        cells = json.load(spec_file)["cells"]
    warnings.simplefilter("ignore")
    namespace = {"__name__": "__main__"}
    results = {}
    for index, cell in enumerate(cells):
        exec(compile(cell["code"], f"<cell {index}>", "exec"), namespace)  # noqa: S102 - a kernel runs cells
        for alias, variable in cell.get("collect", {}).items():
            results[alias] = collect(namespace[variable])
    with open(out_path, "wb") as out:
        pickle.dump(results, out)


if __name__ == "__main__":
    main()
