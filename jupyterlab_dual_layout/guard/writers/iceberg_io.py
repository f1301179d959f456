"""pyiceberg: commits to a protected table, caught at the table API before data files are written.

A protected table is one the policy names (catalog, namespace, table) or one whose location lies in
a protected folder, so tables a notebook reaches through ``create_table``, ``load_table`` or a
``transaction()`` are all matched by what they are, not by how the notebook named them.
"""

from __future__ import annotations

import sys

from ..patching import Patcher, subclasses
from ..runtime import GUARD

# Writes both a Table and a Transaction offer (Table's open a transaction of their own).
_WRITES = (
    "append",
    "overwrite",
    "delete",
    "upsert",
    "add_files",
    "dynamic_partition_overwrite",
    "update_schema",
    "update_spec",
    "update_sort_order",
    "update_statistics",
)
_TRANSACTION = (
    *_WRITES,
    "update_snapshot",
    "update_location",
    "set_properties",
    "remove_properties",
    "upgrade_table_version",
    "commit_transaction",
)
# `_do_commit` is where every commit of a table ends, whichever API started it.
_TABLE = (*_WRITES, "manage_snapshots", "_do_commit")
_CATALOG_DROPS = ("drop_table", "purge_table", "rename_table")


def _table_targets(kind: str, method: str):
    def targets(args: tuple, kwargs: dict):
        table = args[0]._table if kind == "Transaction" else args[0]
        return [(f"pyiceberg {kind}.{method.lstrip('_')}", table, "write")]

    return targets


def _drop_targets(method: str):
    def targets(args: tuple, kwargs: dict):
        catalog = args[0]
        identifier = (
            args[1]
            if len(args) > 1
            else kwargs.get("identifier", kwargs.get("from_identifier"))
        )
        return [
            (
                f"pyiceberg {type(catalog).__name__}.{method}",
                (catalog, identifier),
                "delete",
            )
        ]

    return targets


def check_table(operation: str, table, _effect: str) -> bool:
    identifier = (table.catalog.name, *table.name())
    return GUARD.check_table(operation, identifier, table.metadata.location)


def check_dropped(operation: str, target, _effect: str) -> bool:
    catalog, identifier = target
    parts = (catalog.name, *catalog.identifier_to_tuple(identifier))
    if GUARD.policy.match_table(parts) is not None:
        return GUARD.check_table(operation, parts, None, "delete")
    try:
        location = catalog.load_table(identifier).metadata.location
    except Exception:  # noqa: BLE001 - a table that cannot be loaded is for the catalog to refuse
        return False
    return GUARD.check_table(operation, parts, location, "delete")


def install_table(patcher: Patcher) -> None:
    module = sys.modules["pyiceberg.table"]
    for kind, cls, names in (
        ("Transaction", module.Transaction, _TRANSACTION),
        ("Table", module.Table, _TABLE),
    ):
        for owner in subclasses(cls):
            for name in names:
                patcher.method(owner, name, _table_targets(kind, name), check_table)


def install_catalog(patcher: Patcher) -> None:
    def wrap(cls: type) -> None:
        for name in _CATALOG_DROPS:
            patcher.method(cls, name, _drop_targets(name), check_dropped)

    patcher.each_subclass(sys.modules["pyiceberg.catalog"].Catalog, wrap)
