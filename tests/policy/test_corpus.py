"""Every real policy file of the corpus through the linter and the formatter.

The corpus (real files from OpenStack releases) sits beside the project; these tests
skip when it is absent. Besides "no crash", they pin the mistakes that shipped in
those releases (docs/real-world-findings.md) and the absence of false alarms on the
2026 registered defaults.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from policykit.cli import main
from policykit.policy.defaults import load_defaults_file
from policykit.policy.lint import lint_policy_files
from test_lint_fix import CREDS, decisions
from shared_corpus import corpus_path

CORPUS = corpus_path()
POLICIES = CORPUS / "policies"
DEFAULTS = CORPUS / "defaults"

pytestmark = pytest.mark.skipif(not POLICIES.is_dir(), reason="corpus not present")

FILES = sorted(POLICIES.glob("*.json")) + sorted(POLICIES.glob("*.yaml")) if POLICIES.is_dir() else []
SAMPLES = sorted(POLICIES.glob("*-2026-sample-uncommented.yaml")) if POLICIES.is_dir() else []


def namespace(path: Path) -> str:
    return path.name.split("-", 1)[0]


def findings(name: str, **options):
    return lint_policy_files([POLICIES / name], **options)


def by_code(found, code):
    return [f for f in found if f.code == code]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_lints_without_crashing(path):
    found = lint_policy_files([path])
    # None of the shipped files fails to parse, cycles, repeats a key or has tabs.
    assert not [f for f in found if f.code in ("PL101", "PL107", "PL108", "PL109", "PL110")]


@pytest.mark.parametrize("path", [p for p in FILES if (DEFAULTS / f"{namespace(p)}.json").is_file()], ids=lambda p: p.name)
def test_every_file_lints_against_its_service_defaults(path):
    defaults = load_defaults_file(DEFAULTS / f"{namespace(path)}.json")
    lint_policy_files([path], defaults=defaults)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_2026_samples_are_exactly_the_defaults(path):
    defaults = load_defaults_file(DEFAULTS / f"{namespace(path)}.json")
    found = lint_policy_files([path], defaults=defaults)
    rules = yaml.safe_load(path.read_text())
    assert len(by_code(found, "PL401")) == len(rules)  # every rule repeats its registered default
    assert not [f for f in found if f.code in ("PL101", "PL103", "PL106", "PL107", "PL402", "PL404")]


def test_havana_v3cloudsample_list_role_assignments_denies_everyone():
    # [["admin_on_domain_filter"], ["admin_on_project_filter"]] — the `rule:` prefix is missing,
    # so both alternatives are colon-less checks (deny) and nobody may list role assignments.
    found = by_code(findings("keystone-havana-policy.v3cloudsample.json"), "PL103")
    assert {f.subject for f in found} == {"identity:list_role_assignments"}
    assert {f.hint for f in found} == {"did you mean `rule:admin_on_domain_filter`?",
                                       "did you mean `rule:admin_on_project_filter`?"}
    assert sorted((f.location.line, f.location.column) for f in found) == [(79, 41), (80, 41)]


def test_stein_v3cloudsample_refers_to_a_rule_only_keystone_s_code_defines():
    found = by_code(findings("keystone-stein-policy.v3cloudsample.json"), "PL106")
    assert [(f.location.line, f.subject) for f in found] == [
        (7, "service_admin_or_owner"), (70, "identity:validate_token_head")]
    assert all("`rule:service_or_admin`" in f.message and "rule:admin_required" in f.message for f in found)
    # keystone registers service_or_admin in code: with its defaults the reference resolves
    with_defaults = findings("keystone-stein-policy.v3cloudsample.json",
                             defaults=load_defaults_file(DEFAULTS / "keystone.json"))
    assert not by_code(with_defaults, "PL106")


@pytest.mark.parametrize("name", ["keystone-havana-policy.json", "keystone-icehouse-policy.json",
                                  "keystone-ocata-policy.json", "keystone-2026-sample-uncommented.yaml"])
def test_keystone_admin_required_is_admin_half_never_matches(name):
    found = by_code(findings(name), "PL301")
    assert [f.subject for f in found] == ["admin_required"]
    assert "is_admin:1" in found[0].message


@pytest.mark.parametrize("name", ["glance-havana-policy.json", "glance-icehouse-policy.json",
                                  "glance-2026-sample-uncommented.yaml"])
def test_glance_default_rule_allows_everyone(name):
    assert by_code(findings(name), "PL203")


def test_neutron_tenant_credentials_are_not_reported():
    # neutron-lib's context keeps tenant_id in the credentials: no false alarm there.
    assert not by_code(findings("neutron-rocky-policy.json"), "PL301")


def test_nova_mitaka_against_nova_34_defaults_shows_what_upgrades_lost():
    found = findings("nova-mitaka-policy.json", defaults=load_defaults_file(DEFAULTS / "nova.json"))
    unknown = {f.subject for f in by_code(found, "PL402")}
    assert "compute:create" in unknown  # the old compute: API names are gone
    assert "admin_or_owner" in {f.subject for f in by_code(found, "PL403")}


@pytest.mark.parametrize("name", ["cinder-havana-policy.json", "keystone-havana-policy.v3cloudsample.json"])
def test_fix_and_fmt_keep_every_decision_of_real_list_syntax_files(tmp_path, capsys, name):
    original = yaml.safe_load((POLICIES / name).read_text())
    fixed_copy = tmp_path / "fixed.json"
    shutil.copy(POLICIES / name, fixed_copy)
    main(["lint", "--isolated", "--select", "PL601", "--fix", str(fixed_copy)])
    formatted = tmp_path / "formatted.json"
    shutil.copy(POLICIES / name, formatted)
    main(["fmt", str(formatted)])
    capsys.readouterr()
    grid = CREDS[::3]
    before = decisions(original, grid)
    for path in (fixed_copy, formatted):
        after = yaml.safe_load(path.read_text())
        assert not any(isinstance(value, list) for value in after.values())
        assert decisions(after, grid) == before


@pytest.mark.parametrize("name", ["keystone-havana-policy.json", "keystone-ocata-policy.json",
                                  "keystone-rocky-policy.v3cloudsample.json"])
def test_old_keystone_trust_rule_uses_a_target_key_keystone_30_no_longer_sets(name):
    # keystone now namespaces the request body under request_body.* and the trust under target.*
    found = by_code(findings(name, defaults=load_defaults_file(DEFAULTS / "keystone.json")), "PL302")
    assert [(f.subject, f.hint) for f in found if f.subject == "identity:create_trust"] == [
        ("identity:create_trust", "did you mean `%(target.trust.trustor_user_id)s`?")]
