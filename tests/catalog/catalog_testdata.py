"""Paths shared by the catalog tests."""

from pathlib import Path

from shared_corpus import corpus_path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "deployment.yaml"
CORPUS = corpus_path("catalog")
