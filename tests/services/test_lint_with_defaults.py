"""Without a deployment, the registered defaults say which roles and target keys the
service uses: misspelt roles and target keys are caught through ``rule:`` references."""

from __future__ import annotations

import json

import pytest

from policykit.cli import main

# nova's shape (2026): actions refer to base rules that substitute the target keys.
DEFAULTS = {"namespace": "nova", "rules": [
    {"name": "context_is_admin", "check_str": "role:admin"},
    {"name": "project_member_api", "check_str": "role:member and project_id:%(project_id)s"},
    {"name": "project_reader_api", "check_str": "role:reader and project_id:%(project_id)s"},
    {"name": "project_member_or_admin", "check_str": "rule:project_member_api or rule:context_is_admin"},
    {"name": "os_compute_api:servers:create", "check_str": "rule:project_member_or_admin"},
    {"name": "os_compute_api:servers:index", "check_str": "rule:project_reader_api"},
    {"name": "os_compute_api:servers:show", "check_str": "rule:project_reader_api"},
]}


@pytest.fixture
def lint(tmp_path, monkeypatch, capsys):
    (tmp_path / "nova.json").write_text(json.dumps(DEFAULTS))
    monkeypatch.chdir(tmp_path)

    def run(text: str) -> list[tuple[str, int, str]]:
        (tmp_path / "nova-policy.yaml").write_text(text)
        main(["lint", "--isolated", "--format", "json", "--select", "PL302,PL501", "--defaults", "nova.json",
              "nova-policy.yaml"])
        return [(f["code"], f["line"], f["hint"]) for f in json.loads(capsys.readouterr().out)]
    return run


def test_target_key_checked_through_rule_references(lint):
    found = lint('"os_compute_api:servers:create": "role:member and project_id:%(tenant_id)s"\n')
    assert found == [("PL302", 1, "did you mean `%(project_id)s`?")]


def test_the_keys_the_default_reaches_are_fine(lint):
    assert lint('"os_compute_api:servers:create": "role:member and project_id:%(project_id)s"\n') == []


def test_misspelt_role_is_matched_against_the_roles_the_defaults_use(lint):
    found = lint('"os_compute_api:servers:index": "role:reder"\n')
    assert found == [("PL501", 1, "did you mean `role:reader`?")]


def test_a_sites_own_role_is_not_called_a_typo(lint):
    assert lint('"os_compute_api:servers:index": "role:auditor"\n"os_compute_api:servers:show": "role:reader"\n') == []


def test_a_role_the_file_uses_twice_is_taken_as_meant(lint):
    assert lint('"os_compute_api:servers:index": "role:readers"\n"os_compute_api:servers:show": "role:readers"\n') == []
