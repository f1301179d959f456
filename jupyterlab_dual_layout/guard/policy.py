"""Which targets the runtime guard protects, with the matching rules of ``src/core/guard/policy.ts``.

Table locations and admin ``protectedPaths`` are protected, ``allowedPaths`` are not, and the
longest entry containing a target wins (a protected entry wins a tie). Deleting or moving a folder
also hits every protected location below it. Table identifiers match the pyiceberg commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from .paths import NormalisedPath, format_path, is_within, normalise_path

Effect = Literal["write", "delete"]
MODES = ("off", "warn", "block")


class PolicyError(ValueError):
    """A policy file that cannot be read or does not have the CLI's policy shape."""


@dataclass(frozen=True)
class PathEntry:
    path: NormalisedPath
    #: The protected table, or None for a bare protected (or allowed) path.
    table: str | None
    allowed: bool


class GuardPolicy:
    def __init__(
        self,
        policy: Mapping,
        *,
        also: Callable[[NormalisedPath], NormalisedPath | None] | None = None,
    ) -> None:
        """``also`` maps a local entry to a second form to protect (its symlink-free location)."""
        self.mode = _mode(policy.get("mode", "warn"))
        self._paths: list[PathEntry] = []
        self._tables: dict[tuple[str, ...], str] = {}
        for entry in _list(policy, "protected"):
            if not isinstance(entry, Mapping) or not isinstance(
                entry.get("table"), str
            ):
                raise PolicyError(f"a protected entry needs a table name: {entry!r}")
            table = entry["table"]
            location = entry.get("location")
            if isinstance(location, str):
                self._add(location, table, False, also)
            parts = tuple(table.lower().split("."))
            if len(parts) >= 2:
                self._tables[parts] = table
        for raw in _strings(policy, "protectedPaths"):
            self._add(raw, None, False, also)
        for raw in _strings(policy, "allowedPaths"):
            self._add(raw, None, True, also)
        #: The catalogs of protected tables, lower case: a Spark name's first part may be one.
        self.catalogs = {parts[0] for parts in self._tables}
        self._index = _ProtectedIndex(e.path for e in self._paths if not e.allowed)
        #: Whether any local path is protected: if not, local writes need no resolving at all.
        self.protects_local_paths = "" in self._index.heads

    @classmethod
    def from_json(cls, text: str, **options) -> GuardPolicy:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise PolicyError(f"not JSON: {error}") from None
        if not isinstance(data, Mapping):
            raise PolicyError("the policy must be a JSON object")
        return cls(data, **options)

    @property
    def is_empty(self) -> bool:
        return not self._paths and not self._tables

    def might_protect(self, path: NormalisedPath, effect: Effect) -> bool:
        """A cheap necessary condition for ``match_normalised`` to find anything."""
        return self._index.might_contain(path, effect)

    def match_path(
        self, target: str, effect: Effect = "write", cwd: str | None = None
    ) -> list[str | None]:
        """The protected tables (None for a bare protected path) a write to ``target`` would hit."""
        path = normalise_path(target, cwd)
        return self.match_normalised(path, effect) if path else []

    def match_normalised(
        self, path: NormalisedPath, effect: Effect
    ) -> list[str | None]:
        if not self._index.might_contain(path, effect):
            return []
        own = self._resolve(path)
        if own is not None:
            return [own.table]
        if effect != "delete":
            return []
        below: list[str | None] = []
        for entry in self._paths:
            if (
                not entry.allowed
                and len(entry.path.segments) > len(path.segments)
                and is_within(entry.path, path)
            ):
                hit = self._resolve(entry.path)
                if hit is not None and hit.table not in below:
                    below.append(hit.table)
        return below

    def match_table(self, parts: Iterable[str]) -> str | None:
        """The protected table named ``[catalog, *namespace, name]``, compared case-insensitively."""
        return self._tables.get(tuple(part.lower() for part in parts))

    def _resolve(self, path: NormalisedPath) -> PathEntry | None:
        """The longest entry containing ``path`` when it protects; allowed entries win only when strictly longer."""
        best: PathEntry | None = None
        for entry in self._paths:
            if not is_within(path, entry.path):
                continue
            depth = len(entry.path.segments)
            best_depth = -1 if best is None else len(best.path.segments)
            if depth > best_depth or (depth == best_depth and not entry.allowed):
                best = entry
        return best if best is not None and not best.allowed else None

    def _add(self, raw: str, table: str | None, allowed: bool, also) -> None:
        path = normalise_path(raw)
        if path is None or not path.segments:
            return
        self._paths.append(PathEntry(path, table, allowed))
        if also is not None and path.scheme == "":
            other = also(path)
            if other is not None and other != path:
                self._paths.append(PathEntry(other, table, allowed))

    @staticmethod
    def display(path: NormalisedPath) -> str:
        return format_path(path)


class _ProtectedIndex:
    """Sets that reject a target outside every protected location without looking at each entry."""

    def __init__(self, paths: Iterable[NormalisedPath]) -> None:
        #: scheme → first segments (bucket or top folder) of the protected locations.
        self.heads: dict[str, set[str]] = {}
        #: (scheme, segments) of every protected location and of each of its ancestors.
        self._roots: set[tuple[str, tuple[str, ...]]] = set()
        self._ancestors: set[tuple[str, tuple[str, ...]]] = set()
        for path in paths:
            self.heads.setdefault(path.scheme, set()).add(path.segments[0])
            self._roots.add((path.scheme, path.segments))
            for depth in range(1, len(path.segments)):
                self._ancestors.add((path.scheme, path.segments[:depth]))

    def might_contain(self, path: NormalisedPath, effect: Effect) -> bool:
        heads = self.heads.get(path.scheme)
        if not heads or not path.segments or path.segments[0] not in heads:
            return effect == "delete" and bool(heads) and not path.segments
        if effect == "delete" and (path.scheme, path.segments) in self._ancestors:
            return True
        segments = path.segments
        return any(
            (path.scheme, segments[:depth]) in self._roots
            for depth in range(1, len(segments) + 1)
        )


def _mode(value: object) -> str:
    if value not in MODES:
        raise PolicyError(f"mode must be one of {', '.join(MODES)}, not {value!r}")
    return value


def _list(policy: Mapping, key: str) -> list:
    value = policy.get(key, [])
    if not isinstance(value, list):
        raise PolicyError(f"{key} must be a list")
    return value


def _strings(policy: Mapping, key: str) -> list[str]:
    values = _list(policy, key)
    if not all(isinstance(v, str) for v in values):
        raise PolicyError(f"{key} must be a list of strings")
    return values
