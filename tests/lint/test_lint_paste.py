"""``policykit lint`` on paste files: --config, --check-installed, ini suppression comments, deployments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.cli import main

CONTEXT_BEFORE_AUTH = """\
[composite:osapi_compute]
use = egg:Paste#urlmap
/v2.1 = api_v21

[pipeline:api_v21]
pipeline = keystonecontext authtoken osapi_compute_app_v21

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
"""
UNKNOWN_EGG = """\
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = request_id neutronapiapp_v2_0

[filter:request_id]
use = egg:oslo.middleware#requestid

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def lint(capsys, *args):
    code = main(["lint", "--isolated", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else []), err


def test_paste_file_findings_point_at_the_pipeline(workdir, capsys):
    write(workdir / "api-paste.ini", CONTEXT_BEFORE_AUTH)
    code, records, _ = lint(capsys, "--select", "PS301", "api-paste.ini")
    assert code == 1
    assert [(r["code"], r["path"], r["line"]) for r in records] == [("PS301", "api-paste.ini", 6)]


def test_ini_suppression_comment_on_its_own_line(workdir, capsys):
    write(workdir / "api-paste.ini", CONTEXT_BEFORE_AUTH.replace(
        "pipeline = keystonecontext", "# policykit: ignore[context-before-auth]\npipeline = keystonecontext"))
    code, records, _ = lint(capsys, "--select", "PS301,PK", "api-paste.ini")
    assert code == 0 and records == []


def test_ini_trailing_suppression_comment_is_reported_not_obeyed(workdir, capsys):
    write(workdir / "api-paste.ini", CONTEXT_BEFORE_AUTH.replace(
        "[pipeline:api_v21]", "[pipeline:api_v21]  # policykit: ignore[PS301]"))
    _, records, _ = lint(capsys, "--select", "PS301,PK", "api-paste.ini")
    assert sorted(r["code"] for r in records) == ["PK003", "PS301"]


def test_check_installed_is_passed_to_the_paste_linter(workdir, capsys):
    write(workdir / "api-paste.ini", UNKNOWN_EGG)
    _, records, _ = lint(capsys, "--select", "PS206", "api-paste.ini")
    assert records == []
    _, records, _ = lint(capsys, "--select", "PS206", "--check-installed", "api-paste.ini")
    assert [r["code"] for r in records] == ["PS206"]


def test_service_config_given_with_config_reaches_the_paste_linter(workdir, capsys):
    paste = write(workdir / "api-paste.ini", CONTEXT_BEFORE_AUTH)
    write(workdir / "nova.conf", "[DEFAULT]\n[keystone_authtoken]\nauth_url = http://keystone/\n")
    code, records, err = lint(capsys, "--config", "nova.conf", "api-paste.ini")
    assert code in (0, 1) and "Traceback" not in err
    # findings about the conf point at the conf, which was read
    assert all(Path(r["path"]).name in (paste.name, "nova.conf") for r in records)


def test_missing_config_is_exit_2(workdir, capsys):
    write(workdir / "api-paste.ini", CONTEXT_BEFORE_AUTH)
    code, _, err = lint(capsys, "--config", "nova.conf", "api-paste.ini")
    assert code == 2 and "--config nova.conf: no such file" in err


def test_deployment_lints_its_paste_files(workdir, capsys):
    write(workdir / "cloud" / "paste" / "nova-api-paste.ini", CONTEXT_BEFORE_AUTH)
    write(workdir / "cloud" / "deployment.yaml", """\
version: 1
regions:
  - {id: RegionOne, hosts: {public: api.example.com, internal: controller}}
services:
  - {type: compute, name: nova, port: 8774, path: /v2.1, paste: paste/nova-api-paste.ini}
""")
    _, records, _ = lint(capsys, "--select", "PS301", "cloud/deployment.yaml")
    assert [(r["code"], r["path"]) for r in records] == [("PS301", "cloud/paste/nova-api-paste.ini")]
