"""PySpark: Iceberg maintenance a notebook asks Spark for, checked before the JVM is asked anything.

Spark writes in the JVM, out of this process's reach; the kernel sees only the call that asks for
them. ``SparkSession.sql`` is checked for Iceberg procedure calls on a protected table
(``CALL cat.system.rewrite_data_files(table => 'ns.t')``, ``expire_snapshots``,
``remove_orphan_files``…: what a repair script runs), and py4j's calls of a FileIO's
``deleteFile``/``deleteFiles``/``deletePrefix`` for paths inside a protected location (how a repair
script removes files nothing references). Other Spark SQL stays with the static guard.
"""

from __future__ import annotations

import sys

from ..patching import Patcher
from ..procedures import procedure_calls, qualified
from ..runtime import GUARD
from . import argument, expand

_FILE_DELETES = frozenset(("deleteFile", "deleteFiles", "deletePrefix"))


def _sql_targets(args: tuple, kwargs: dict) -> list[tuple[str, tuple[str, ...], str]]:
    query = argument(args, kwargs, 1, "sqlQuery")
    # Most SQL calls no procedure: one substring test, no tokenising.
    if not isinstance(query, str) or "call" not in query.lower():
        return []
    calls = procedure_calls(query)
    if not calls:
        return []
    # A procedure named without its catalog runs in the session's current one.
    current = (
        args[0].catalog.currentCatalog()
        if any(call.catalog is None for call in calls)
        else ""
    )
    return [
        (
            f"spark.sql {call.operation}",
            qualified(call, current, GUARD.policy.catalogs),
            call.effect,
        )
        for call in calls
    ]


def _check_table(operation: str, identifier: tuple[str, ...], effect: str) -> bool:
    return GUARD.check_table(operation, identifier, None, effect)


def _file_io_targets(args: tuple, kwargs: dict):
    member = args[0]
    if getattr(member, "name", None) not in _FILE_DELETES or len(args) < 2:
        return ()
    return expand(f"Iceberg FileIO.{member.name} (maintenance)", args[1], "delete")


def _install_session(module: str):
    """The installer for the SparkSession class of ``module`` (classic or Spark Connect)."""

    def install(patcher: Patcher) -> None:
        session = sys.modules[module].SparkSession
        patcher.method(session, "sql", _sql_targets, _check_table)

    return install


install_sql = _install_session("pyspark.sql.session")
install_connect = _install_session("pyspark.sql.connect.session")


def install_py4j(patcher: Patcher) -> None:
    patcher.method(
        sys.modules["py4j.java_gateway"].JavaMember, "__call__", _file_io_targets
    )
