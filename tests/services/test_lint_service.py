"""`policykit lint` knows the service from the flag, the configuration or the path, and
never guesses one into warnings the right service would not give."""

from __future__ import annotations

import json

import pytest

from policykit.cli import main

# A Havana-era nova rule set in miniature: nova registers is_admin as its own check.
NOVA_FILE = '{"context_is_admin": "role:admin", "admin_or_owner": "is_admin:True or project_id:%(project_id)s",\n' \
            ' "default": "rule:admin_or_owner", "compute_extension:hosts": "is_admin:False"}\n'


def lint(capsys, *args) -> tuple[int, list[dict]]:
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def codes(findings) -> list[str]:
    return [f["code"] for f in findings]


def test_nova_file_under_etc_nova_is_clean(tmp_path, monkeypatch, capsys):
    (tmp_path / "etc" / "nova").mkdir(parents=True)
    (tmp_path / "etc" / "nova" / "policy.json").write_text(NOVA_FILE)
    monkeypatch.chdir(tmp_path)
    assert lint(capsys, "--isolated", "etc/nova/policy.json") == (0, [])


def test_unknown_service_gets_one_note_and_no_warning(tmp_path, monkeypatch, capsys):
    (tmp_path / "policy.json").write_text(NOVA_FILE)
    monkeypatch.chdir(tmp_path)
    code, findings = lint(capsys, "--isolated", "policy.json")
    assert codes(findings) == ["PL300"] and findings[0]["severity"] == "info"
    assert code == 0
    assert lint(capsys, "--isolated", "--service", "nova", "policy.json") == (0, [])
    assert lint(capsys, "--isolated", "--service", "compute", "policy.json") == (0, [])


def test_a_service_that_adds_no_is_admin_still_hears_about_it(tmp_path, monkeypatch, capsys):
    (tmp_path / "policy.json").write_text(NOVA_FILE)
    monkeypatch.chdir(tmp_path)
    _, findings = lint(capsys, "--isolated", "--service", "keystone", "policy.json")
    assert set(codes(findings)) == {"PL301"}


def test_unknown_service_name_is_bad_input(tmp_path, monkeypatch, capsys):
    (tmp_path / "policy.json").write_text(NOVA_FILE)
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--isolated", "--service", "novaa", "policy.json"]) == 2
    assert "did you mean 'nova'" in capsys.readouterr().err


def test_configuration_globs_name_the_service(tmp_path, monkeypatch, capsys):
    (tmp_path / "cloud").mkdir()
    (tmp_path / "cloud" / "compute.json").write_text(NOVA_FILE)
    (tmp_path / ".policykit.toml").write_text('[services]\n"cloud/compute.json" = "nova"\n')
    monkeypatch.chdir(tmp_path)
    assert lint(capsys, "cloud/compute.json") == (0, [])


def test_configuration_rejects_an_unknown_service(tmp_path, monkeypatch, capsys):
    (tmp_path / "compute.json").write_text(NOVA_FILE)
    (tmp_path / ".policykit.toml").write_text('[services]\n"*.json" = "nvoa"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "compute.json"]) == 2
    err = capsys.readouterr().err
    assert ".policykit.toml:2" in err and "unknown service 'nvoa'" in err


@pytest.fixture
def two_services(tmp_path, monkeypatch):
    (tmp_path / "etc" / "nova").mkdir(parents=True)
    (tmp_path / "etc" / "keystone").mkdir(parents=True)
    (tmp_path / "etc" / "nova" / "policy.yaml").write_text('"os_compute_api:servers:create": "role:member"\n')
    (tmp_path / "etc" / "keystone" / "policy.yaml").write_text('"identity:get_projectt": "role:reader"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_global_defaults_of_one_service_are_not_laid_under_another(two_services, capsys):
    (two_services / ".policykit.toml").write_text('defaults = "keystone"\nselect = ["PL402"]\n')
    _, findings = lint(capsys, "etc/nova/policy.yaml", "etc/keystone/policy.yaml")
    # keystone's file is checked against keystone's defaults (a misspelt name), nova's is not
    assert [(f["code"], f["path"]) for f in findings] == [("PL402", "etc/keystone/policy.yaml")]


def test_defaults_per_service(two_services, capsys):
    (two_services / ".policykit.toml").write_text('select = ["PL402"]\n[defaults]\nkeystone = "keystone"\n')
    _, findings = lint(capsys, "etc/nova/policy.yaml", "etc/keystone/policy.yaml")
    assert [f["path"] for f in findings] == ["etc/keystone/policy.yaml"]
