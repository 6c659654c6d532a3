"""Every rule's documentation is complete and its examples are true — the one place they are run.

For each rule of the catalogue: the four sections exist, in order (then Options, for a
rule that declares options); the files of the Example section, written under their names
into an empty directory and linted with ``policykit lint`` (the first file is the one
named on the command line, the others are what it refers to; a ``.conf`` beside a paste
file is passed as its ``--config``), produce the rule's code; the Use instead files do
not. Paste rules are also checked through ``lint_paste_file``, and the pipeline-order
rules (PS2xx/PS3xx) on their own, with no service detected from the example.
docs/rules.md is the catalogue rendered.
"""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from policykit.cli import main
from policykit.docs import render_rules_markdown
from policykit.rules import OPTIONS_TITLE, SECTION_TITLES, SUBJECTS, all_rules, subject_of

RULES = all_rules()
DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "rules.md"  # the repository's, even when installed
KEYSTONE_INSTALLED = any(ep.name == "keystone" for ep in entry_points(group="oslo.policy.policies"))
INSTALLED = {"PS206", "PS207", "PS208"}  # examples about installed packages: --check-installed
PASTE_RULES = [rule for rule in RULES if rule.code.startswith("PS")]
ORDER_RULES = [rule for rule in PASTE_RULES if rule.code[:3] in ("PS2", "PS3")]


def write_example(rule, section: str, directory: Path) -> tuple[Path, Path | None]:
    """The example's files written into ``directory``: the first one, and the service conf if any."""
    files = rule.examples(section)
    assert files, f"{rule.code}: the {section} section has no fenced file"
    directory.mkdir(exist_ok=True)
    for example in files:
        assert example.filename, f"{rule.code}: a block of {section} has no file name in its info string"
        target = directory / example.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")
    conf = next((directory / f.filename for f in files[1:] if f.filename.endswith(".conf")), None)
    return directory / files[0].filename, conf


def lint_example(rule, section: str, directory: Path, monkeypatch, capsys) -> set[str]:
    """The codes `policykit lint` reports for the example, run in its directory."""
    first, conf = write_example(rule, section, directory)
    monkeypatch.chdir(directory)
    args = ["lint", "--isolated", "--check-installed", "--format", "json"]
    if conf is not None:
        args += ["--config", conf.name]
    capsys.readouterr()
    status = main([*args, first.name])
    out = capsys.readouterr().out
    codes = {finding["code"] for finding in json.loads(out)}
    # Exit 2 only for a file that could not be linted (PK004, or a deployment's own DP001).
    assert status in (0, 1) or (status == 2 and codes & {"PK004", "DP001"}), out
    return codes


def _needs_keystone(rule) -> bool:
    return any("defaults: keystone" in example.text for example in rule.examples("Example"))


# --- the catalogue ----------------------------------------------------------------


def test_codes_and_names_are_unique_kebab_case_and_of_their_subject():
    assert len({r.code for r in RULES}) == len(RULES) and len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.name == rule.name.lower() and " " not in rule.name, rule.code
        subject = subject_of(rule.code)
        assert subject is not None and rule.module_name.startswith(subject.rules_package + "."), rule.code
    assert {subject.prefix for subject in SUBJECTS} >= {rule.code[:2] for rule in RULES}


def test_every_specified_rule_exists():
    codes = {rule.code for rule in RULES}
    expected = {f"DP{n:03}" for n in range(1, 13)} | {f"CT{n:03}" for n in range(1, 7)}
    expected |= {f"CT{n}" for n in range(101, 116)} | {"CT201", "CT202"}
    assert expected <= codes
    assert len([r for r in PASTE_RULES if r.code[:3] in ("PS1", "PS4")]) >= 25
    assert len(ORDER_RULES) >= 20


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_documentation_has_the_four_sections(rule):
    assert rule.summary, f"{rule.code} has no one-line summary"
    assert rule.summary.endswith((".", ")")), f"{rule.code}: the summary is one sentence"
    for title in SECTION_TITLES:
        assert rule.sections.get(title, "").strip(), f"{rule.code} lacks a '## {title}' section"
    assert list(rule.sections) == list(SECTION_TITLES) + ([OPTIONS_TITLE] if rule.conf else [])


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_example_files_are_named_for_their_subject(rule):
    files = rule.examples("Example") + rule.examples("Use instead")
    if rule.code.startswith(("DP", "CT")):
        assert rule.examples("Example")[0].filename == "deployment.yaml"
        assert rule.examples("Use instead")[0].filename == "deployment.yaml"
    if rule.code.startswith("PS"):
        assert all(f.language == "ini" and f.filename for f in files)


def test_docs_rules_md_is_up_to_date():
    expected = render_rules_markdown(RULES)
    current = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else ""
    assert current == expected, "docs/rules.md is stale: run `python -m policykit.docs`"


# --- the examples, through `policykit lint` ------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_example_produces_the_rule(rule, tmp_path, monkeypatch, capsys):
    if _needs_keystone(rule) and not KEYSTONE_INSTALLED:
        pytest.skip("keystone's registered defaults are not installed")
    codes = lint_example(rule, "Example", tmp_path, monkeypatch, capsys)
    assert rule.code in codes, f"{rule.code}'s Example produced {sorted(codes)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_use_instead_does_not_produce_the_rule(rule, tmp_path, monkeypatch, capsys):
    if _needs_keystone(rule) and not KEYSTONE_INSTALLED:
        pytest.skip("keystone's registered defaults are not installed")
    assert rule.code not in lint_example(rule, "Use instead", tmp_path, monkeypatch, capsys)


# --- paste rules: through lint_paste_file, and the order rules alone ------------------


def _paste_codes(rule, section: str, directory: Path) -> set[str]:
    from policykit.paste.lint import lint_paste_file

    first, conf = write_example(rule, section, directory)
    findings = lint_paste_file(first, config=conf, check_installed=rule.code in INSTALLED)
    return {finding.code for finding in findings}


def _codes_of_rule_alone(rule, section: str, directory: Path) -> set[str]:
    from policykit.paste.conf import read_conf_file
    from policykit.paste.selection import PasteContext, SelectorMechanism, ServiceProfile
    from policykit.paste.reader import read_paste_file
    from policykit.paste.resolver import resolve

    # The service the examples belong to, where a rule needs one (which names the service loads).
    profiles = {"PS202": ServiceProfile("neutron", ("neutron",), SelectorMechanism.AUTH_STRATEGY)}
    first, conf = write_example(rule, section, directory)
    paste = read_paste_file(first, relaxed_interpolation=first.name.startswith("proxy-server"))
    context = PasteContext(paste=paste, resolution=resolve(paste), conf=read_conf_file(conf) if conf else None,
                           check_installed=True, profile=profiles.get(rule.code))
    return {finding.code for finding in rule.check(context)}


@pytest.mark.parametrize("rule", PASTE_RULES, ids=lambda rule: rule.code)
def test_paste_examples_through_lint_paste_file(rule, tmp_path):
    assert rule.code in _paste_codes(rule, "Example", tmp_path / "bad")
    assert rule.code not in _paste_codes(rule, "Use instead", tmp_path / "good")


@pytest.mark.parametrize("rule", ORDER_RULES, ids=lambda rule: rule.code)
def test_order_rule_examples_with_the_rule_alone(rule, tmp_path):
    assert rule.code in _codes_of_rule_alone(rule, "Example", tmp_path / "bad")
    assert rule.code not in _codes_of_rule_alone(rule, "Use instead", tmp_path / "good")
