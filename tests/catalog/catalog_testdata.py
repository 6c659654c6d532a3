"""Paths shared by the catalog tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "deployment.yaml"
CORPUS = REPO.parent / "shared" / "corpus" / "catalog"
