"""Hostile names through pyiceberg's SQL catalog into every snippet, read back with Python's own parser.

Two lakes of the same shape are built by real pyiceberg: one with plain names, one whose
namespace, tables, columns, partition fields and partition values hold quotes, triple quotes,
backslashes, line breaks of every kind Python and IPython know, backticks, ``#`` and ``${}``
(wherever pyiceberg writes them faithfully: in a namespace or table name, which become paths,
pyarrow's file system drops ``\r``, ``\n`` and ``\t`` and reads ``#`` as a URI fragment, so those
characters are left to columns, partition fields and values). Every snippet variant of the hostile lake must parse to exactly the
statements of the benign one (``ast.dump`` with names and strings numbered by first use), have the
same lines and comments, hold the hostile values in its string constants, and the Dask reads must
return Iceberg's rows when executed.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema, make_compatible_name
from pyiceberg.transforms import DayTransform, IdentityTransform
from pyiceberg.types import DoubleType, NestedField, StringType, TimestampType

from tests.snippets.compare import assert_frame_matches, assert_spark_matches
from tests.snippets.run import kernel_env, run_kernel
from tests.snippets.tables import write_pyiceberg_yaml

CATALOG = "hx"


@dataclass(frozen=True)
class Names:
    """Everything a table's snippets are made from that its writer chose."""

    namespace: str
    left: str
    right: str
    key: str
    time: str
    value: str
    day_field: str
    other_key: str
    other_value: str
    key_values: tuple[str, ...]


# Plain words, but with spaces where the hostile names are not Avro names (both lakes' files then
# store those columns under escaped names, and both Dask reads rename them back), and a `$` in the
# namespace as in the hostile one (both Spark reads then parse it with variable substitution off).
BENIGN = Names(
    namespace="sales$eu",
    left="observations",
    right="stations",
    key="region code",
    time="obs time",
    value="reading value",
    day_field="obs_time_day",
    other_key="site code",
    other_value="elevation m",
    key_values=("EU", "US", "ASIA"),
)

HOSTILE = Names(
    namespace="ns\" x\u2028'\\ ${x} `",
    left='obs"""`t`\u2029 \x85\'',
    right="st'''\\n\u000b\u000c\x1c sel`ect",
    key="region \"'\n#\\\u2028`${}",
    time="time\u2029''' #\r",
    value='value\x85"""\\',
    day_field='day of\n)#\u2028"',
    other_key="site\\'\n",
    other_value="elevation\r\n#'",
    key_values=(
        'O\'Hare "x"\n#\\',
        "a\u2028b\u2029c\x85\u000b",
        "''' \"\"\" ${x} `q` %2F/+",
    ),
)

CASES = [
    ("dask", "read"),
    ("dask", "pinned"),
    ("dask", "join"),
    ("spark", "read"),
    ("spark", "join"),
]


def schema(key: str, time: str, value: str) -> Schema:
    return Schema(
        NestedField(1, key, StringType(), required=False),
        NestedField(2, time, TimestampType(), required=False),
        NestedField(3, value, DoubleType(), required=False),
    )


def spec(key: str, time: str, day_field: str) -> PartitionSpec:
    return PartitionSpec(
        PartitionField(
            source_id=1, field_id=1000, transform=IdentityTransform(), name=key
        ),
        PartitionField(
            source_id=2, field_id=1001, transform=DayTransform(), name=day_field
        ),
    )


def rows(key: str, time: str, value: str, key_values: tuple[str, ...]) -> pa.Table:
    import datetime

    count = 12
    start = datetime.datetime(2024, 1, 1, 6)
    return pa.table(
        {
            key: pa.array(
                [key_values[i % len(key_values)] for i in range(count)], pa.string()
            ),
            time: pa.array(
                [start + datetime.timedelta(hours=9 * i) for i in range(count)],
                pa.timestamp("us"),
            ),
            value: pa.array([i * 0.25 for i in range(count)], pa.float64()),
        }
    )


@dataclass(frozen=True)
class Lake:
    home: Path
    catalog: SqlCatalog
    names: Names

    def identifier(self, table: str) -> str:
        return f"{CATALOG}.{self.names.namespace}.{table}"

    def load(self, table: str):
        return self.catalog.load_table((self.names.namespace, table))


def build_lake(root: Path, names: Names) -> Lake:
    (root / "warehouse").mkdir(parents=True)
    properties = {
        "type": "sql",
        "uri": f"sqlite:///{root / 'catalog.db'}",
        "warehouse": (root / "warehouse").as_uri(),
    }
    catalog = SqlCatalog(CATALOG, **properties)
    catalog.create_namespace((names.namespace,))
    # Both tables share the partitioning (identity on the key, day of the time) for the joins.
    for table, key, value in [
        (names.left, names.key, names.value),
        (names.right, names.other_key, names.other_value),
    ]:
        created = catalog.create_table(
            (names.namespace, table),
            schema(key, names.time, value),
            partition_spec=spec(key, names.time, names.day_field),
        )
        created.append(rows(key, names.time, value, names.key_values))
    home = write_pyiceberg_yaml(root / "home", {CATALOG: properties})
    return Lake(home, catalog, names)


@pytest.fixture(scope="module")
def lakes(tmp_path_factory) -> dict[str, Lake]:
    return {
        "benign": build_lake(tmp_path_factory.mktemp("benign"), BENIGN),
        "hostile": build_lake(tmp_path_factory.mktemp("hostile"), HOSTILE),
        # The HTTP API refuses table ids with a backslash (never a path): the same names without one.
        "hostile-api": build_lake(
            tmp_path_factory.mktemp("hostile-api"),
            replace(
                HOSTILE,
                namespace=HOSTILE.namespace.replace("\\", ""),
                left=HOSTILE.left.replace("\\", ""),
            ),
        ),
    }


def snippet(helper_cli, lake: Lake, engine: str, variant: str) -> dict:
    tables = (
        [lake.names.left, lake.names.right] if variant == "join" else [lake.names.left]
    )
    result = helper_cli.run(
        "snippet",
        "--engine",
        engine,
        "--variant",
        variant,
        "--format",
        "json",
        *(lake.identifier(t) for t in tables),
        env={"PYICEBERG_HOME": str(lake.home)},
    )
    assert result.returncode == 0, result.stderr
    return result.json()


# ---------------------------------------------------------------- reading code back


def normalised(code: str) -> tuple[str, list[str]]:
    """``ast.dump`` with every name and string numbered by first use, and the strings in that order."""
    names: dict[str, str] = {}
    strings: dict[str, str] = {}

    class Normalise(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            node.id = names.setdefault(node.id, f"name{len(names)}")
            return node

        def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
            node.name = names.setdefault(node.name, f"name{len(names)}")
            self.generic_visit(node)
            return node

        def visit_Constant(self, node: ast.Constant) -> ast.Constant:
            if isinstance(node.value, str):
                node.value = strings.setdefault(node.value, f"string{len(strings)}")
            return node

    tree = Normalise().visit(ast.parse(code))
    return ast.dump(tree), list(strings)


def comments(code: str) -> list[int]:
    """The line of every comment, as Python's tokenizer finds them."""
    return [
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.COMMENT
    ]


def string_constants(code: str) -> list[str]:
    """Every string constant, in source order."""
    constants = [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    return [
        str(node.value)
        for node in sorted(constants, key=lambda n: (n.lineno, n.col_offset))
    ]


SQL_TOKEN = re.compile(
    r"\s+|`((?:[^`]|``)*)`|([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\]|\\.)*)'|([^\s`'A-Za-z_]+)",
    re.DOTALL,
)


def sql_tokens(sql: str) -> list[tuple[str, str]]:
    """Spark's reading of SQL: backquoted identifiers with doubled backticks, backslash-escaped literals."""
    tokens, position = [], 0
    while position < len(sql):
        match = SQL_TOKEN.match(sql, position)
        assert match, f"cannot tokenize {sql!r} at {position}"
        quoted, bare, literal, other = match.groups()
        if quoted is not None:
            tokens.append(("identifier", quoted.replace("``", "`")))
        elif bare is not None:
            tokens.append(("identifier", bare))
        elif literal is not None:
            tokens.append(("string", re.sub(r"\\(.)", r"\1", literal, flags=re.DOTALL)))
        elif other is not None:
            tokens.append(("other", other))
        position = match.end()
    return tokens


def multipart(sql: str) -> list[str]:
    tokens = sql_tokens(sql)
    assert all(kind == "other" and value == "." for kind, value in tokens[1::2]), sql
    return [value for kind, value in tokens[::2]]


def renames(code: str) -> list[dict[str, str]]:
    """The ``columns=`` mappings of every ``.rename(...)`` call, in order."""
    calls = [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "rename"
    ]
    return [
        ast.literal_eval(keyword.value)
        for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset))
        for keyword in call.keywords
    ]


def dask_hive_key(field: str) -> str:
    """The column Dask makes of a partition field's directories: pyiceberg form-encodes, pyarrow percent-decodes."""
    return unquote(quote_plus(field, safe=""))


def local_path(location: str) -> str:
    return location.removeprefix("file://")


def spark_tables(code: str) -> list[list[str]]:
    calls = [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "table"
    ]
    return [multipart(ast.literal_eval(call.args[0])) for call in calls]


# ---------------------------------------------------------------- the snippets as code


@pytest.mark.parametrize(
    ("engine", "variant"), CASES, ids=[f"{e}-{v}" for e, v in CASES]
)
def test_hostile_names_leave_the_statements_of_the_benign_snippet(
    helper_cli, lakes, engine, variant
):
    benign = snippet(helper_cli, lakes["benign"], engine, variant)
    hostile = snippet(helper_cli, lakes["hostile"], engine, variant)
    benign_dump, benign_strings = normalised(benign["code"])
    hostile_dump, hostile_strings = normalised(hostile["code"])
    assert [type(s).__name__ for s in ast.parse(hostile["code"]).body] == [
        type(s).__name__ for s in ast.parse(benign["code"]).body
    ]
    assert hostile_dump == benign_dump
    assert len(hostile_strings) == len(benign_strings)
    assert hostile["code"].count("\n") == benign["code"].count("\n")
    assert comments(hostile["code"]) == comments(benign["code"])
    assert not re.search("[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", hostile["code"])
    assert hostile["variable"].isidentifier()


@pytest.mark.parametrize(
    ("engine", "variant"), CASES, ids=[f"{e}-{v}" for e, v in CASES]
)
def test_hostile_values_are_the_snippets_string_constants(
    helper_cli, lakes, engine, variant
):
    lake = lakes["hostile"]
    names = lake.names
    code = snippet(helper_cli, lake, engine, variant)["code"]
    constants = set(string_constants(code))
    tables = [names.left, names.right] if variant == "join" else [names.left]
    if engine == "spark":
        assert spark_tables(code) == [
            [CATALOG, names.namespace, table] for table in tables
        ]
    elif variant == "pinned":
        assert local_path(lake.load(names.left).metadata_location) in {
            local_path(c) for c in constants
        }
    else:
        # The data root, as a path or a file URI.
        roots = {local_path(constant) for constant in constants}
        assert {
            local_path(f"{lake.load(table).location()}/data") for table in tables
        } <= roots
    if engine == "dask" and variant != "pinned":
        # Columns pyiceberg stored under escaped names get the table's names back, exactly.
        columns = [
            (names.key, names.time, names.value),
            (names.other_key, names.time, names.other_value),
        ][: len(tables)]
        assert renames(code) == [
            {make_compatible_name(c): c for c in table} for table in columns
        ]
    if variant == "join":
        assert {names.key, names.time, names.other_key} <= constants
    elif engine == "dask" and variant == "read":
        # The day's Hive column is typed by name; the key is read from the files.
        assert dask_hive_key(names.day_field) in constants


def test_the_example_filters_hold_a_real_hostile_partition_value(start_helper, lakes):
    """The API's snippets carry a commented example filter built from an existing partition."""
    lake = lakes["hostile-api"]
    names = lake.names
    server = start_helper(lake.home)
    table_id = quote(lake.identifier(names.left), safe="")
    for engine in ("dask", "spark"):
        response = server.get(
            f"tables/{table_id}/snippets", params={"engine": engine, "variant": "read"}
        )
        assert response.status_code == 200, response.text
        code = response.json()["code"]
        lines = code.splitlines()
        # The example's explanation, then the commented code itself.
        explained = next(
            i for i, line in enumerate(lines) if line.strip().startswith("# Example:")
        )
        example = lines[explained + 1].strip()[2:]
        # Uncommented, the example is one statement whose literals hold the column and the value exactly.
        statement = ast.parse(example).body
        assert len(statement) == 1
        literals = string_constants(example)
        if engine == "dask":
            # Dask filters while reading the files, where pyiceberg stored the key under its escaped name.
            assert literals[0] == make_compatible_name(names.key)
            assert literals[1] == "=="
            assert literals[2] in names.key_values
        else:
            # A Column expression, `frame[key] == value`: Spark never parses the value as SQL.
            assert literals[0] == names.key
            assert literals[1] in names.key_values


# ---------------------------------------------------------------- the snippets as programs


def test_the_dask_snippets_read_the_hostile_tables_rows(helper_cli, lakes, tmp_path):
    lake = lakes["hostile"]
    read = snippet(helper_cli, lake, "dask", "read")
    pinned = snippet(helper_cli, lake, "dask", "pinned")
    results = run_kernel(
        tmp_path,
        kernel_env(lake.home),
        [
            {"code": read["code"], "collect": {"read": read["variable"]}},
            {"code": pinned["code"], "collect": {"pinned": pinned["variable"]}},
        ],
    )
    expected = lake.load(lake.names.left).scan().to_arrow()
    assert_frame_matches(
        results["read"]["frame"],
        expected,
        extra_columns=frozenset({dask_hive_key(lake.names.day_field)}),
    )
    assert_frame_matches(results["pinned"]["frame"], expected)


def test_the_spark_read_reads_the_hostile_table_through_its_quoted_name(
    helper_cli, lakes, spark, monkeypatch
):
    """Spark's parser, not ours, splits the backquoted name: the session's JDBC catalog finds the table."""
    lake = lakes["hostile"]
    generated = snippet(helper_cli, lake, "spark", "read")
    monkeypatch.setenv("PYICEBERG_HOME", str(lake.home))
    namespace = {"__name__": "__main__"}
    exec(compile(generated["code"], "<spark snippet>", "exec"), namespace)  # noqa: S102 - running the snippet is the test
    frame = namespace[generated["variable"]]
    assert_spark_matches(
        {
            "rows": [tuple(row) for row in frame.collect()],
            "schema": [
                (f.name, f.dataType.simpleString()) for f in frame.schema.fields
            ],
        },
        lake.load(lake.names.left).scan().to_arrow(),
    )
