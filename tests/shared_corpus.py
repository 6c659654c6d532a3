"""Where the real files from OpenStack releases are, when they are beside this checkout.

The corpus is ``$POLICYKIT_CORPUS``, or ``shared/corpus`` in the nearest folder above the
tests that has one (``../shared`` of a clone, or further up for a worktree). Tests that read
it skip cleanly when it is absent; the project never needs it.
"""

from __future__ import annotations

import os
from pathlib import Path

_ABSENT = Path(__file__).resolve().parent / "shared-corpus-is-absent"


def find_corpus() -> Path | None:
    """The corpus folder, or None when there is none."""
    configured = os.environ.get("POLICYKIT_CORPUS")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared" / "corpus"
    return None


CORPUS = find_corpus()


def corpus_path(*parts: str) -> Path:
    """A path inside the corpus; one that does not exist when the corpus is absent."""
    return (CORPUS or _ABSENT).joinpath(*parts)
