"""What is on disk under a table: every file with its size and sha256, to prove a script changed
nothing (a dry run, a refused run, a plan without steps)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StorageListing:
    #: path → (size, sha256) of every file below the roots.
    files: dict[str, tuple[int, str]]

    @classmethod
    def of(cls, *roots: str | Path) -> StorageListing:
        files = {}
        for root in roots:
            for path in sorted(Path(root).rglob("*")):
                if path.is_file():
                    data = path.read_bytes()
                    files[str(path)] = (len(data), hashlib.sha256(data).hexdigest())
        return cls(files)
