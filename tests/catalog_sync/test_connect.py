"""Connection options: what an operator sees when credentials are missing or unusable (no server)."""

from __future__ import annotations

import sys

import pytest

from policykit.cli import main


@pytest.fixture(autouse=True)
def no_os_environment(monkeypatch):
    import os

    for key in [k for k in os.environ if k.startswith("OS_")]:
        monkeypatch.delenv(key)


def run(capsys, *arguments):
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_missing_auth_url_names_the_option_and_the_variable(capsys):
    code, out, err = run(capsys, "catalog", "fetch", "--os-username", "admin", "--os-password", "pw-Secret-1")
    assert code == 2 and out == ""
    assert err == "policykit: error: cannot authenticate to Keystone: missing --os-auth-url (or OS_AUTH_URL)\n"


def test_options_come_from_os_variables(capsys, monkeypatch):
    monkeypatch.setenv("OS_USERNAME", "admin")
    monkeypatch.setenv("OS_PASSWORD", "pw-Secret-1")
    code, _, err = run(capsys, "catalog", "fetch")
    assert code == 2 and "missing --os-auth-url" in err
    assert "pw-Secret-1" not in err


def test_unknown_auth_type_is_an_input_error_and_other_commands_still_work(capsys, monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "no-such-plugin")
    code, _, err = run(capsys, "catalog", "fetch")
    assert (code, err) == (2, "policykit: error: unknown auth type 'no-such-plugin' (--os-auth-type / OS_AUTH_TYPE)\n")
    with pytest.raises(SystemExit) as done:
        main(["catalog", "plan", "--help"])
    assert done.value.code == 0


def test_os_cloud_without_openstacksdk_says_what_is_missing(capsys, monkeypatch):
    # The test extra brings openstacksdk (neutron needs it): hide it as a machine without it would.
    monkeypatch.setitem(sys.modules, "openstack", None)
    monkeypatch.setitem(sys.modules, "openstack.config", None)
    monkeypatch.setenv("OS_CLOUD", "mycloud")
    code, _, err = run(capsys, "catalog", "fetch")
    assert code == 2
    assert err.startswith("policykit: error: --os-cloud 'mycloud' needs openstacksdk's clouds.yaml loader")
    assert "not a policykit dependency" in err and err.count("\n") == 1
