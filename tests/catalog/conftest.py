from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def write_deployment(tmp_path):
    """Write deployment YAML text to a file and return its path."""

    def write(text: str, name: str = "deployment.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
