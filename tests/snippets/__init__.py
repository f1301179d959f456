"""Helpers for executing generated snippets: tables to read, a kernel-like runner, row comparison."""
