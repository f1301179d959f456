"""Correct content: previews are Arrow streams through Jupyter Server, every command answers
``--format json`` with valid JSON even when it fails, and a notebook that is not a well-formed
nbformat 4 document is an error for that file, never "clean"."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

ARROW_STREAM = "application/vnd.apache.arrow.stream"
MIB = 1024 * 1024


def test_a_preview_reaches_the_browser_as_an_arrow_stream(demo_server):
    response = demo_server.api(
        "tables/demo.survey.observations/preview?limit=25&columns=obs_id,region"
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == ARROW_STREAM
    assert response.headers["X-Dual-Layout-Deletes"] == "applied"
    table = pa.ipc.open_stream(response.content).read_all()
    assert table.num_rows == 25
    assert table.column_names == ["obs_id", "region"]


def test_json_answers_and_errors_keep_the_helpers_content_type(demo_server):
    details = demo_server.api("tables/demo.survey.observations")
    assert details.status_code == 200
    assert details.headers["Content-Type"] == "application/json; charset=utf-8"
    missing = demo_server.api("tables/nope.survey.stations/preview")
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == "application/json; charset=utf-8"
    assert missing.json()["error"]["message"].startswith(
        "'nope.survey.stations' names catalog 'nope'"
    )


#: (arguments, the `{"error"}` expected on stdout). Every command, with a bad catalog, an unknown
#: table where it takes one, and bad arguments.
UNKNOWN_CATALOG = "Unknown catalog 'nope'; configured catalogs: demo"
FAILURES = {
    "list-bad-catalog": (
        ["list", "--catalog", "nope"],
        {"message": UNKNOWN_CATALOG, "catalog": "nope"},
    ),
    "list-bad-option": (["list", "--bogus"], {"message": "unknown option --bogus"}),
    "list-bad-argument": (
        ["list", "survey"],
        {"message": "unexpected argument 'survey'"},
    ),
    "check-bad-catalog": (
        ["check", "--catalog", "nope"],
        {"message": UNKNOWN_CATALOG, "catalog": "nope"},
    ),
    "check-bad-arguments": (
        ["check", "--snapshot", "1", "demo.survey.stations", "demo.survey.weather"],
        {"message": "--snapshot needs exactly one TABLE"},
    ),
    "check-bad-option": (
        ["check", "--since", "1"],
        {"message": "unknown option --since"},
    ),
    "scan-bad-catalog": (
        ["scan", "--catalog", "nope", "."],
        {"message": UNKNOWN_CATALOG, "catalog": "nope"},
    ),
    "scan-no-paths": (
        ["scan"],
        {"message": "give at least one notebook, Python file or directory"},
    ),
    "scan-bad-policy": (["scan", "--policy", "absent.json", "."], None),
    "snippet-bad-catalog": (
        ["snippet", "--engine", "spark", "--catalog", "nope", "survey.stations"],
        {"message": UNKNOWN_CATALOG, "catalog": "nope"},
    ),
    "snippet-unknown-table": (
        ["snippet", "--engine", "dask", "demo.survey.missing"],
        {
            "message": "Table 'survey.missing' does not exist in catalog 'demo'",
            "catalog": "demo",
            "table": "survey.missing",
        },
    ),
    "snippet-bad-engine": (
        ["snippet", "--engine", "cobol", "demo.survey.stations"],
        {"message": "--engine must be spark, dask, not cobol"},
    ),
    "snippet-bad-variant": (
        ["snippet", "--engine", "spark", "--variant", "join", "demo.survey.stations"],
        {"message": "--variant join needs two tables (TABLE OTHER_TABLE), got 1"},
    ),
    "repair-no-table": (["repair"], {"message": "name at least one TABLE"}),
    "repair-snapshot-of-two-tables": (
        [
            "repair",
            "--snapshot",
            "1",
            "demo.survey.stations",
            "demo.survey.observations",
        ],
        {"message": "--snapshot needs exactly one TABLE"},
    ),
    "unknown-command": (
        ["frobnicate"],
        {
            "message": "unknown command 'frobnicate'. Commands: serve, list, check, repair, snippet, scan"
        },
    ),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_every_command_fails_with_json_on_stdout_and_one_line_on_stderr(
    helper_cli, demo_lakehouse, tmp_path, case
):
    args, expected = FAILURES[case]
    env = {"PYICEBERG_HOME": str(demo_lakehouse), "HOME": str(demo_lakehouse)}
    result = helper_cli.run(
        *args[:1], "--format", "json", *args[1:], env=env, cwd=tmp_path
    )
    assert result.returncode == 2, result.stdout + result.stderr
    body = json.loads(result.stdout)
    if expected is None:
        assert (
            set(body) == {"error"}
            and str(tmp_path / "absent.json") in body["error"]["message"]
        )
    else:
        assert body == {"error": expected}
    prefix = "dual-layout" if case == "unknown-command" else f"dual-layout {args[0]}"
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(
        f"{prefix}: {body['error']['message']}"
    )
    # The same failure in text: nothing on stdout, the same line on stderr.
    text = helper_cli.run(*args, env=env, cwd=tmp_path)
    assert (text.returncode, text.stdout, text.stderr) == (2, "", result.stderr)


def test_check_reports_an_unknown_table_as_its_error_verdict_in_valid_json(
    helper_cli, demo_lakehouse
):
    env = {"PYICEBERG_HOME": str(demo_lakehouse), "HOME": str(demo_lakehouse)}
    result = helper_cli.run(
        "check",
        "--format",
        "json",
        "demo.survey.missing",
        "demo.survey.stations",
        env=env,
    )
    assert result.returncode == 2
    tables = {
        verdict["table"]: verdict for verdict in json.loads(result.stdout)["tables"]
    }
    assert tables["demo.survey.missing"]["status"] == "error"
    assert (
        tables["demo.survey.missing"]["error"]
        == "Table 'survey.missing' does not exist in catalog 'demo'"
    )
    assert (
        result.stderr
        == "dual-layout check: demo.survey.missing: Table 'survey.missing' does not exist in catalog 'demo'\n"
    )
    # The other table is still checked (its verdict is the verifier's business, not this test's).
    assert tables["demo.survey.stations"]["status"] != "error"
    assert "error" not in tables["demo.survey.stations"]


def cell(source, cell_type="code"):
    return {
        "cell_type": cell_type,
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


def notebook(*cells):
    return json.dumps(
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}
    )


WRITE = "df.to_parquet('/lake/curated/out.parquet')"
#: Notebooks whose structure is invalid, and how the error names the problem.
MALFORMED = {
    "not-json": ('{"cells": [', "not a JSON notebook"),
    "a-json-list": ("[]", "not a notebook: the document is not a JSON object"),
    "no-cells": (
        '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
        'not a notebook: no "cells" list',
    ),
    "no-nbformat": (
        json.dumps({"cells": [cell(WRITE)]}),
        'not a notebook: "nbformat" must be 4, not missing',
    ),
    "nbformat-3": (
        json.dumps(
            {
                "nbformat": 3,
                "nbformat_minor": 0,
                "worksheets": [{"cells": [{"cell_type": "code", "input": WRITE}]}],
            }
        ),
        "nbformat 3 notebooks are not read; convert it with `jupyter nbconvert --to notebook --nbformat 4`",
    ),
    "source-a-number": (
        notebook(cell(WRITE), cell(42)),
        'cell 1: "source" must be a string or a list of strings',
    ),
    "source-list-of-numbers": (
        notebook(cell([WRITE, 7])),
        'cell 0: "source" must be a string or a list of strings',
    ),
    "markdown-source-an-object": (
        notebook(cell({"text": "x"}, "markdown")),
        'cell 0: "source" must be a string',
    ),
    "cell-without-type": (
        notebook({"source": WRITE}),
        'cell 0 is not a notebook cell (no "cell_type")',
    ),
    "cell-not-an-object": (
        notebook("print(1)"),
        'cell 0 is not a notebook cell (no "cell_type")',
    ),
}


@pytest.fixture
def scan_dir(tmp_path):
    (tmp_path / "policy.json").write_text(
        json.dumps(
            {"protected": [], "protectedPaths": ["/lake/curated"], "allowedPaths": []}
        )
    )
    (tmp_path / "job.py").write_text(
        f"import pandas as pd\ndf = pd.DataFrame()\n{WRITE}\n"
    )
    return tmp_path


def scan(helper_cli, directory, *paths):
    return helper_cli.run(
        "scan", "--policy", "policy.json", "--format", "json", *paths, cwd=directory
    )


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_notebook_is_an_error_naming_it_and_the_other_paths_are_still_scanned(
    helper_cli, scan_dir, case
):
    text, problem = MALFORMED[case]
    (scan_dir / "bad.ipynb").write_text(text)
    result = scan(helper_cli, scan_dir, "bad.ipynb", "job.py")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"dual-layout scan: bad.ipynb: {problem}")
    assert result.stderr.count("\n") == 1
    assert [(f["file"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [
        ("job.py", 3)
    ]


def test_well_formed_notebooks_are_read_with_either_source_form(helper_cli, scan_dir):
    (scan_dir / "good.ipynb").write_text(
        notebook(
            cell("# notes", "markdown"),
            cell(["import pandas as pd\n", WRITE]),
            cell(WRITE),
        )
    )
    result = scan(helper_cli, scan_dir, "good.ipynb")
    assert result.returncode == 1, result.stderr
    assert [(f["cell"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [
        (1, 2),
        (2, 1),
    ]


def test_a_notebook_over_the_size_limit_is_an_error_read_no_further(
    helper_cli, scan_dir
):
    with open(scan_dir / "huge.ipynb", "wb") as huge:
        huge.truncate(65 * MIB)  # sparse: the size is what counts, no byte need be read
    result = scan(helper_cli, scan_dir, "huge.ipynb", "missing.ipynb", "job.py")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "dual-layout scan: missing.ipynb: no such file or directory",
        "dual-layout scan: huge.ipynb: 65.0 MiB, more than the 64 MiB a scanned file may have",
    ]
    assert len(json.loads(result.stdout)["findings"]) == 1
