"""Shared pytest fixtures live in tests/fixtures/<concept>.py; register each here, one line each."""

pytest_plugins = [
    "tests.fixtures.helper_cli",
    "tests.fixtures.jupyter",
    "tests.fixtures.spark",
]
