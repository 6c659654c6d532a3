"""Every PS2xx/PS3xx rule's documentation: four sections, and examples that behave as documented."""

from __future__ import annotations

import pytest

from policykit.paste.conf import read_conf_file
from policykit.paste.lint import lint_paste_file
from policykit.paste.model import PasteContext, SelectorMechanism, ServiceProfile
from policykit.paste.reader import read_paste_file
from policykit.paste.resolver import resolve
from policykit.rules import SECTION_TITLES, rules_in

# The service the examples belong to, where a rule needs one (which names the service loads).
PROFILES = {"PS202": ServiceProfile("neutron", ("neutron",), SelectorMechanism.AUTH_STRATEGY)}
INSTALLED = {"PS206", "PS207", "PS208"}  # examples that need --check-installed
RULES = [r for r in rules_in("policykit.paste.rules") if r.code[:3] in ("PS2", "PS3")]


def _codes(rule, files, tmp_path) -> set[str]:
    """The codes ``policykit lint`` reports for the first file (with the example's service conf)."""
    for example in files:
        (tmp_path / example.filename).write_text(example.text)
    confs = [f for f in files[1:] if f.filename.endswith(".conf")]
    findings = lint_paste_file(tmp_path / files[0].filename,
                               config=tmp_path / confs[0].filename if confs else None,
                               check_installed=rule.code in INSTALLED)
    return {finding.code for finding in findings}


def _codes_of_rule_alone(rule, files, tmp_path) -> set[str]:
    for example in files:
        (tmp_path / example.filename).write_text(example.text)
    first = tmp_path / files[0].filename
    paste = read_paste_file(first, relaxed_interpolation=files[0].filename.startswith("proxy-server"))
    confs = [f for f in files[1:] if f.filename.endswith(".conf")]
    conf = read_conf_file(tmp_path / confs[0].filename) if confs else None
    context = PasteContext(paste=paste, resolution=resolve(paste), conf=conf, check_installed=True,
                           profile=PROFILES.get(rule.code))
    return {finding.code for finding in rule.check(context)}


def test_codes_and_names_are_unique_and_in_range():
    assert len(RULES) >= 20
    assert len({r.code for r in RULES}) == len(RULES) and len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documentation_has_the_four_sections(rule):
    assert list(rule.sections) == list(SECTION_TITLES)
    assert rule.summary.endswith(".") or rule.summary.endswith(")")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_fails_and_use_instead_passes(rule, tmp_path):
    bad, good = rule.examples("Example"), rule.examples("Use instead")
    assert bad and good and all(f.language == "ini" and f.filename for f in bad + good)
    for label in ("bad", "good", "bad-alone", "good-alone"):
        (tmp_path / label).mkdir()
    assert rule.code in _codes(rule, bad, tmp_path / "bad")
    assert rule.code not in _codes(rule, good, tmp_path / "good")
    # the rule on its own, with no service detected from the example
    assert rule.code in _codes_of_rule_alone(rule, bad, tmp_path / "bad-alone")
    assert rule.code not in _codes_of_rule_alone(rule, good, tmp_path / "good-alone")
