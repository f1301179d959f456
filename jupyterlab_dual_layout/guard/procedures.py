"""Iceberg's Spark procedures in SQL text: ``CALL cat.system.<name>(table => 'ns.t', …)``.

The kernel's view of what ``src/core/guard/procedures.ts`` and ``sql.ts`` decide before a cell runs:
which table a procedure changes (by the ``table`` argument, or at the procedure's position for it),
and whether the call is the table's maintenance (compaction, snapshot expiry, orphan removal: what a
repair script runs). An unknown procedure changes the table its ``table`` argument, or else its
first string, names: the guard fails closed. Both answer ``tests/guard/policy_cases.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    #: Position of the table argument when it is passed positionally.
    position: int = 0
    maintenance: bool = False
    #: The procedure removes files from the table's folders.
    deletes: bool = False


_MAINTENANCE = Shape(maintenance=True)
_MAINTENANCE_DELETES = Shape(maintenance=True, deletes=True)
_CHANGE = Shape()
_READS = None
_SHAPES: dict[str, Shape | None] = {
    "rewrite_data_files": _MAINTENANCE,
    "rewrite_manifests": _MAINTENANCE,
    "rewrite_position_delete_files": _MAINTENANCE,
    "compute_table_stats": _MAINTENANCE,
    "compute_partition_stats": _MAINTENANCE,
    "expire_snapshots": _MAINTENANCE_DELETES,
    "remove_orphan_files": _MAINTENANCE_DELETES,
    "rollback_to_snapshot": _CHANGE,
    "rollback_to_timestamp": _CHANGE,
    "set_current_snapshot": _CHANGE,
    "cherrypick_snapshot": _CHANGE,
    "publish_changes": _CHANGE,
    "fast_forward": _CHANGE,
    "add_files": _CHANGE,
    "migrate": _CHANGE,
    "register_table": _CHANGE,
    # `snapshot(source_table, table)`: the source is only read.
    "snapshot": Shape(position=1),
    # These read the table (its lineage, a view of its changes, a copy of its metadata elsewhere).
    "ancestors_of": _READS,
    "create_changelog_view": _READS,
    "rewrite_table_path": _READS,
}


@dataclass(frozen=True)
class ProcedureCall:
    operation: str
    #: The procedure's catalog, when the call names it (``cat.system.proc``).
    catalog: str | None
    #: The table argument's parts as written (``['ns', 't']`` or ``['cat', 'ns', 't']``).
    table: tuple[str, ...]
    maintenance: bool
    effect: str


@dataclass(frozen=True)
class _Token:
    kind: str  # word, ident, string, punct
    text: str


_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<line>--[^\n]*)|(?P<block>/\*.*?(?:\*/|\Z))"""
    r"""|(?P<quoted>'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?)|(?P<ident>`[^`]*`?)"""
    r"""|(?P<word>[A-Za-z0-9_$]+)|(?P<arrow>=>)|(?P<punct>.)""",
    re.DOTALL,
)


def _tokens(sql: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(sql):
        kind = match.lastgroup
        text = match.group()
        if kind in ("space", "line", "block"):
            continue
        if kind == "quoted":
            body = text[1:-1] if len(text) > 1 and text[-1] == text[0] else text[1:]
            tokens.append(_Token("string", re.sub(r"\\(.)", r"\1", body)))
        elif kind == "ident":
            tokens.append(_Token("ident", text.strip("`")))
        elif kind == "arrow":
            tokens.append(_Token("punct", "=>"))
        else:
            tokens.append(_Token("word" if kind == "word" else "punct", text))
    return tokens


def _statements(tokens: list[_Token]) -> list[list[_Token]]:
    statements: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == "punct" and token.text == ";":
            statements.append([])
        else:
            statements[-1].append(token)
    return [s for s in statements if s]


def _identifier(tokens: list[_Token], at: int) -> tuple[list[str], int]:
    parts: list[str] = []
    while at < len(tokens) and tokens[at].kind != "punct":
        parts.append(tokens[at].text)
        at += 1
        if at < len(tokens) and tokens[at].text == ".":
            at += 1
        else:
            break
    return parts, at


def _arguments(tokens: list[_Token]) -> list[tuple[str | None, _Token | None]]:
    """``(name, first token of the value)`` for each argument between the call's parentheses."""
    if not tokens or tokens[0].text != "(":
        return []
    args: list[list[_Token]] = [[]]
    depth = 0
    for token in tokens[1:]:
        if token.kind == "punct" and token.text in "([":
            depth += 1
        if token.kind == "punct" and token.text in ")]":
            if depth == 0:
                break
            depth -= 1
        if depth == 0 and token.kind == "punct" and token.text == ",":
            args.append([])
        else:
            args[-1].append(token)
    named: list[tuple[str | None, _Token | None]] = []
    for arg in (a for a in args if a):
        if len(arg) > 1 and arg[1].text == "=>" and arg[0].kind != "string":
            named.append((arg[0].text.lower(), arg[2] if len(arg) > 2 else None))
        else:
            named.append((None, arg[0]))
    return named


def procedure_calls(sql: str) -> list[ProcedureCall]:
    """Each ``CALL`` statement in ``sql`` that changes a table, in order."""
    calls = []
    for statement in _statements(_tokens(sql)):
        first = statement[0]
        if first.kind != "word" or first.text.upper() != "CALL":
            continue
        procedure, at = _identifier(statement, 1)
        if not procedure:
            continue
        name = procedure[-1].lower()
        shape = _SHAPES.get(name, _CHANGE)
        if shape is None:  # listed as only reading the table
            continue
        args = _arguments(statement[at:])
        named = next((value for key, value in args if key == "table"), None)
        positional = [value for key, value in args if key is None]
        value: _Token | None
        if named is not None:
            value = named
        elif name in _SHAPES:
            value = (
                positional[shape.position] if len(positional) > shape.position else None
            )
        else:
            value = next(
                (v for _, v in args if v is not None and v.kind == "string"), None
            )
        if value is None or value.kind != "string":
            continue
        operation = f"CALL {'.'.join(procedure)}" + (
            " (maintenance)" if shape.maintenance else ""
        )
        calls.append(
            ProcedureCall(
                operation=operation,
                catalog=procedure[0] if len(procedure) >= 3 else None,
                table=tuple(value.text.split(".")),
                maintenance=shape.maintenance,
                effect="delete" if shape.deletes else "write",
            )
        )
    return calls


def qualified(
    call: ProcedureCall, current_catalog: str, catalogs: set[str]
) -> tuple[str, ...]:
    """``[catalog, *namespace, name]`` of the table a call changes, as Iceberg resolves it.

    The table argument is resolved in the procedure's catalog (the session's current one when the
    call does not name it), unless it names a known catalog itself.
    """
    catalog = call.catalog or current_catalog
    parts = call.table
    if len(parts) >= 3 and parts[0].lower() in catalogs | {catalog.lower()}:
        return parts
    return (catalog, *parts)
