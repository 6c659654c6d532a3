"""Every finding the real linters produce over the shared corpus renders in every format.

Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from policykit.cli import main
from shared_corpus import corpus_path

CORPUS = corpus_path()
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")


@pytest.fixture(scope="module")
def corpus_files():
    files = sorted((CORPUS / "policies").glob("*.json")) + sorted((CORPUS / "catalog").glob("*.json"))
    return [str(path) for path in files]


def lint(capsys, *args) -> tuple[int, str]:
    code = main(["lint", "--isolated", *args])
    out, _ = capsys.readouterr()
    return code, out


def test_corpus_sarif_is_valid_and_every_result_has_a_rule(corpus_files, capsys, monkeypatch):
    monkeypatch.chdir(CORPUS.parent)
    code, out = lint(capsys, "--format", "sarif", *corpus_files)
    assert code in (0, 1)
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"], "the corpus has known mistakes; expected findings"
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("corpus/") and (CORPUS.parent / uri).is_file()


def test_corpus_json_and_github_agree_on_the_findings(corpus_files, capsys, monkeypatch):
    monkeypatch.chdir(CORPUS.parent)
    _, out = lint(capsys, "--format", "json", *corpus_files)
    records = json.loads(out)
    _, annotations = lint(capsys, "--format", "github", *corpus_files)
    lines = annotations.splitlines()
    assert len(lines) == len(records)
    for record, line in zip(records, lines):
        assert f"file={record['path']}," in line and f"title={record['code']}::" in line
