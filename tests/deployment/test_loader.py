"""Loading deployment.yaml: the model, and every mistake reported with path:line:col and a fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykit.deployment import derived_id, load_deployment, read_deployment
from policykit.deployment.lint import lint_deployment_file
from policykit.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deployment.yaml"


def write(tmp_path, text, name="deployment.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_loads_into_the_model():
    deployment = load_deployment(EXAMPLE)
    assert deployment.cloud == "example"
    assert [r.id for r in deployment.regions] == ["RegionOne", "RegionTwo"]
    by_type = {s.type: s for s in deployment.services}
    assert set(by_type) >= {"identity", "compute", "image", "block-storage", "placement", "object-store", "network"}
    nova = by_type["compute"]
    base = EXAMPLE.parent
    assert (nova.name, nova.port, nova.path) == ("nova", 8774, "/v2.1")
    assert nova.policy == (base / "policies/nova.yaml",)
    assert nova.paste == base / "paste/nova-api-paste.ini" and nova.config == base / "conf/nova.conf"
    assert by_type["identity"].interfaces == ("public", "internal", "admin")
    assert by_type["identity"].regions == ("RegionOne",)
    assert nova.interfaces is None and deployment.service_interfaces(nova) == ("public", "internal")
    lines = EXAMPLE.read_text().splitlines()
    assert lines[nova.location.line - 1] == "  - type: compute" and nova.location.column == 5
    identity = deployment.identity
    assert [d.name for d in identity.domains] == ["Default", "customers"]
    assert identity.find_domain("Default").id == "default"
    assert identity.find_role("admin").implies == ("member",)
    assert identity.implied_roles("admin") == ["admin", "member", "reader"]


def test_ids_are_explicit_or_derived_from_the_name(tmp_path):
    path = write(tmp_path, """
version: 1
identity:
  domains: [{name: customers}, {name: partners, id: p-1}]
  projects: [{name: demo, domain: customers}, {name: ops, id: ops-id}]
  roles: [reader]
  users: [{name: alice, domain: partners}]
""")
    identity = load_deployment(path).identity
    customers = identity.find_domain("customers")
    assert customers.id == derived_id("domain", "customers") and len(customers.id) == 32
    assert identity.find_domain("partners").id == "p-1"
    assert identity.find_domain("Default").id == "default"  # implicit, as bootstrap creates it
    demo = identity.find_projects("demo")[0]
    assert demo.domain_id == customers.id and demo.id == derived_id("project", "demo", customers.id)
    assert identity.find_projects("ops")[0].id == "ops-id"
    assert identity.find_users("alice")[0].domain_id == "p-1"
    # the same file gives the same ids again
    assert load_deployment(path).identity.find_projects("demo")[0].id == demo.id


def test_policy_may_be_a_string_or_a_list(tmp_path):
    path = write(tmp_path, """
version: 1
services:
  - {type: compute, name: nova, policy: [policy.d/a.yaml, policy.d/b.yaml]}
  - {type: image, name: glance, policy: glance.yaml}
""")
    nova, glance = load_deployment(path).services
    assert nova.policy == (tmp_path / "policy.d/a.yaml", tmp_path / "policy.d/b.yaml")
    assert glance.policy == (tmp_path / "glance.yaml",)


def test_every_structural_error_is_listed_with_its_position(tmp_path):
    path = write(tmp_path, """version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internl: controller}
services:
  - type: compute
    prot: 8774
  - name: glance
  - type: image
    port: many
    enabled: yes please
identity:
  rols: [admin]
""")
    with pytest.raises(InputError) as caught:
        load_deployment(path)
    text = str(caught.value)
    assert f"{path}:4:38: unknown key `internl` in regions[0].hosts (did you mean `internal`?)" in text
    assert f"{path}:7:5: unknown key `prot`" in text and "did you mean `port`?" in text
    assert f"{path}:8:5: services[1] has no `type`" in text
    assert f"{path}:10:11: service image: port must be a whole number" in text
    assert f"{path}:11:14: service image.enabled must be true or false" in text
    assert f"{path}:13:3: unknown key `rols` in identity (did you mean `roles`?)" in text
    assert "(6 problems)" in text


def test_duplicate_keys_are_reported(tmp_path):
    path = write(tmp_path, "version: 1\nservices:\n  - type: compute\n    port: 1\n    port: 2\n")
    _, findings = lint_deployment_file(path)
    dp005 = [f for f in findings if f.code == "DP005"]
    assert len(dp005) == 1 and (dp005[0].location.line, dp005[0].location.column) == (5, 5)
    assert "first on line 4" in dp005[0].message


def test_tenants_is_read_as_projects_with_a_warning(tmp_path):
    path = write(tmp_path, "version: 1\nidentity:\n  tenants: [{name: demo}]\n")
    deployment, findings = lint_deployment_file(path)
    assert [p.name for p in deployment.identity.projects] == ["demo"]
    assert [(f.code, f.location.line) for f in findings if f.code == "DP006"] == [("DP006", 3)]


@pytest.mark.parametrize("text,message", [
    ("version: 1\nregions: [\n", "cannot parse deployment.yaml"),
    ("", "the deployment file is empty"),
    ("- just\n- a list\n", "the deployment file must be a mapping"),
    ("version: 1\nregions:\n\t- id: x\n", "cannot parse"),
])
def test_unusable_files(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_deployment(path)
    assert message in str(caught.value)
    deployment, findings = lint_deployment_file(path)
    assert findings and findings[0].code in ("DP001", "DP003") and findings[0].location.path == str(path)
    if findings[0].code == "DP001" and text:
        assert deployment is None and findings[0].location.line is not None


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_deployment(tmp_path / "nope.yaml")
    deployment, findings = read_deployment(tmp_path / "nope.yaml")
    assert deployment is None and findings[0].code == "DP001"


def test_cli_reports_unusable_deployment_with_exit_2(tmp_path):
    path = write(tmp_path, "version: 1\nservices:\n  - typo: compute\n")
    result = subprocess.run([sys.executable, "-m", "policykit.cli", "catalog", "render", str(path), "--format", "v3"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{path}:3:5: unknown key `typo`" in result.stderr and "Traceback" not in result.stderr


def test_schemes_are_http_or_https(tmp_path):
    path = write(tmp_path, """version: 1
defaults: {scheme: {public: htps, internal: http}}
services:
  - {type: image, scheme: HTTP, per_interface: {public: {scheme: ftp}}}
""")
    with pytest.raises(InputError) as caught:
        load_deployment(path)
    text = str(caught.value)
    assert f"{path}:2:29: defaults.scheme: scheme `htps` is not http or https (write `https`)" in text
    assert f"{path}:4:27: service image: scheme: scheme `HTTP` is not http or https (write `http`)" in text
    assert "scheme `ftp` is not http or https" in text
