"""The PS1xx/PS4xx rules: documented in four sections, and their examples behave as documented.

Each Example is written to a directory and linted with ``lint_paste_file`` (a ``.conf``
block is the service conf); the rule's code must appear. The Use instead files must not
produce it. (tests/test_rule_docs.py does the same through the whole lint driver.)
"""

from __future__ import annotations

import pytest

from policykit.paste.lint import lint_paste_file
from policykit.rules import SECTION_TITLES, rules_in

RULES = [r for r in rules_in("policykit.paste.rules") if r.code[:3] in ("PS1", "PS4")]


def _codes(files, directory) -> set[str]:
    for example in files:
        (directory / example.filename).write_text(example.text)
    conf = next((directory / f.filename for f in files[1:] if f.filename.endswith(".conf")), None)
    return {f.code for f in lint_paste_file(directory / files[0].filename, config=conf)}


def test_codes_names_and_ranges():
    assert len(RULES) >= 25
    assert all(r.name == r.name.lower() and " " not in r.name for r in RULES)
    assert len({r.code for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documentation_and_examples(rule, tmp_path):
    assert list(rule.sections) == list(SECTION_TITLES)
    bad, good = rule.examples("Example"), rule.examples("Use instead")
    assert bad and good and all(f.language == "ini" and f.filename for f in bad + good)
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    assert rule.code in _codes(bad, tmp_path / "bad")
    assert rule.code not in _codes(good, tmp_path / "good")
