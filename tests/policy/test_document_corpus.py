"""Real policy files from OpenStack releases (../shared/corpus, when present).

Every file must load to exactly the rules oslo.policy's ``Rules.load`` gives (or fail
where it fails), and every rule string in them must parse to oslo's tree.
"""

from __future__ import annotations

import json
import logging

import pytest
from oslo_policy import _parser as oslo_parser
from oslo_policy import policy as oslo_policy

from policykit.errors import InputError
from policykit.policy.document import policy_document_from_text
from policykit.policy.diagnostics import parse_rule_with_diagnostics
from policykit.policy.parser import parse_rule
from shared_corpus import corpus_path

CORPUS = corpus_path("policies")
FILES = sorted(path for path in CORPUS.glob("*") if path.suffix in (".json", ".yaml")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="the shared corpus is not present")


@pytest.fixture(autouse=True, scope="module")
def quiet_oslo():
    logger = logging.getLogger("oslo_policy")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(previous)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_corpus_file_loads_like_oslo(path):
    text = path.read_text(encoding="utf-8")
    try:
        expected = {name: str(check) for name, check in oslo_policy.Rules.load(text, "default").items()}
    except Exception:  # noqa: BLE001 - then policykit must refuse it too
        with pytest.raises(InputError):
            policy_document_from_text(text, str(path)).raise_errors()
        return
    document = policy_document_from_text(text, str(path))
    assert document.errors == []
    assert {name: str(check) for name, check in document.rules.items()} == expected


def _rule_values(path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.values()) if isinstance(data, dict) else []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_corpus_rules_parse_like_oslo_and_diagnose_without_error(path):
    for value in _rule_values(path):
        ours, theirs = parse_rule(value), oslo_parser.parse_rule(value)
        assert str(ours) == str(theirs) and type(ours).__name__ == type(theirs).__name__
        assert parse_rule_with_diagnostics(value).check == ours
