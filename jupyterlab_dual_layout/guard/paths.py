"""Storage path normalisation, the same rules as ``src/core/guard/paths.ts``.

Targets and protected locations are compared as lists of segments, so ``s3a://lake/obs/`` and
``s3://lake//obs`` are the same place and ``obs_v2`` is not inside ``obs``. The shared case file
``tests/guard/policy_cases.json`` keeps the two implementations in step.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_SCHEME_ALIASES = {"s3a": "s3", "s3n": "s3", "file": ""}
_URL = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*)://(.*)\Z")
_FILE_PREFIX = re.compile(r"file:/", re.IGNORECASE)


class NormalisedPath(NamedTuple):
    #: ``s3``, ``gs``, ``hdfs``…, or ``""`` for a local path.
    scheme: str
    segments: tuple[str, ...]


def normalise_path(raw: str, cwd: str | None = None) -> NormalisedPath | None:
    """Normalise a path or URL; a relative local path needs ``cwd``, else the result is None."""
    text = raw.strip()
    if not text:
        return None
    scheme = ""
    url = _URL.match(text)
    if url:
        name = url.group(1).lower()
        scheme = _SCHEME_ALIASES.get(name, name)
        text = url.group(2)
        if scheme == "" and not text.startswith("/"):
            # file://host/abs: the host part is not a directory.
            slash = text.find("/")
            text = "" if slash == -1 else text[slash:]
    elif _FILE_PREFIX.match(text):
        text = text[5:]
    elif not text.startswith("/"):
        if cwd is None or text.startswith(("~", "$")):
            return None
        text = f"{cwd}/{text}"
    segments: list[str] = []
    for part in text.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            # An object store has no parent of its bucket; a local root has none either.
            if len(segments) > (1 if scheme else 0):
                segments.pop()
            continue
        segments.append(part)
    return NormalisedPath(scheme, tuple(segments))


def format_path(path: NormalisedPath) -> str:
    joined = "/".join(path.segments)
    return f"{path.scheme}://{joined}" if path.scheme else f"/{joined}"


def is_within(path: NormalisedPath, prefix: NormalisedPath) -> bool:
    """Whether ``prefix`` is ``path`` or one of its ancestors, on whole segments."""
    depth = len(prefix.segments)
    return (
        path.scheme == prefix.scheme
        and depth <= len(path.segments)
        and path.segments[:depth] == prefix.segments
    )
