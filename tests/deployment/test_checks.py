"""Deployment and catalog checks on whole files: positions, messages and did-you-mean hints."""

from __future__ import annotations

import socket
from pathlib import Path

from policykit.deployment.lint import lint_deployment_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deployment.yaml"


def findings_of(tmp_path, text):
    path = tmp_path / "deployment.yaml"
    path.write_text(text, encoding="utf-8")
    return lint_deployment_file(path)[1]


def test_the_example_shows_only_its_two_commented_warnings():
    deployment, findings = lint_deployment_file(EXAMPLE)
    listed = [p for s in deployment.services for p in (*s.policy, s.paste, s.config) if p is not None]
    missing = {str(p) for p in listed if not p.exists()}  # written alongside; reported until they exist
    codes = sorted(f.code for f in findings if not (f.code == "DP011" and f.subject in missing))
    assert codes == ["CT102", "CT112"]
    lines = EXAMPLE.read_text().splitlines()
    for finding in findings:
        if finding.code in ("CT102", "CT112"):
            comment = "\n".join(lines[finding.location.line - 8: finding.location.line])
            assert finding.code in comment  # the YAML explains the warning just above it


def test_references_cycles_and_duplicates(tmp_path):
    findings = findings_of(tmp_path, """version: 1
identity:
  domains: [{name: customers}]
  projects: [{name: demo, domain: custmers}, {name: ops}]
  roles:
    - {name: admin, implies: [member]}
    - {name: member, implies: [admin]}
    - reader
  users: [{name: alice}, {name: alice}]
  assignments:
    - {user: alise, role: reader, project: ops}
    - {user: alice, role: reader, project: nope, domain: customers}
    - {user: alice, role: reader, system: project}
""")
    by_code = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    unknown = {(f.location.line, f.location.column, f.message, f.hint) for f in by_code["DP007"]}
    assert (4, 35, "unknown domain `custmers`", "did you mean `customers`?") in unknown
    assert (11, 14, "unknown user `alise`", "did you mean `alice`?") in unknown
    assert any(m == "unknown project `nope`" for _, _, m, _ in unknown)
    assert [f.message for f in by_code["DP009"]] == ["implied roles form a cycle: admin -> member -> admin"]
    assert [(f.location.line, f.message) for f in by_code["DP008"]] == [(9, "user `alice` is declared twice (first on line 9)")]
    scope = sorted(f.message for f in by_code["DP012"])
    assert scope == ["assignment of reader to alice has `project` and `domain`",
                     "system scope `project` is not one Keystone knows"]


def test_a_region_typo_is_an_error_with_the_declared_spelling(tmp_path):
    findings = findings_of(tmp_path, """version: 1
regions:
  - {id: RegionOne, hosts: {public: api.example.com, internal: ctl}}
services:
  - {type: image, name: glance, port: 9292, regions: [RegionOen]}
""")
    ct005 = [f for f in findings if f.code == "CT005"]
    assert len(ct005) == 1 and ct005[0].hint == "did you mean `RegionOne`?"
    assert (ct005[0].location.line, ct005[0].location.column) == (5, 55)  # the list item


def test_service_type_registry_works_offline(monkeypatch):
    import os_service_types

    def refuse(*args, **kwargs):
        raise OSError("network disabled for this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    types = os_service_types.ServiceTypes()
    assert types.get_service_type("volumev3") == "block-storage"
    assert types.get_aliases("block-storage") == ["volumev3", "volumev2", "volume", "block-store"]


def test_https_identity_without_public_endpoint_in_keystone_conf(tmp_path):
    (tmp_path / "keystone.conf").write_text("[DEFAULT]\ndebug = false\n[oslo_middleware]\n")
    text = """version: 1
defaults: {scheme: {public: https, internal: http}}
regions: [{id: RegionOne, hosts: {public: id.example.com, internal: ctl}}]
services:
  - {type: identity, name: keystone, port: 5000, path: /v3, config: keystone.conf}
"""
    ct108 = [f for f in findings_of(tmp_path, text) if f.code == "CT108"]
    assert len(ct108) == 1 and "public_endpoint" in ct108[0].message
    assert (ct108[0].location.line, ct108[0].location.column) == (5, 69)
    (tmp_path / "keystone.conf").write_text("[oslo_middleware]\nenable_proxy_headers_parsing = True\n")
    assert not [f for f in findings_of(tmp_path, text) if f.code == "CT108"]
    (tmp_path / "keystone.conf").write_text("[DEFAULT]\npublic_endpoint = https://id.example.com:5000\n")
    assert not [f for f in findings_of(tmp_path, text) if f.code == "CT108"]


def test_a_v2_interface_name_is_reported_once_and_stops_rendering(tmp_path, capsys):
    from policykit.cli import main

    text = """version: 1
regions: [{id: R, hosts: {public: api.example.com, internal: ctl}}]
services:
  - {type: image, name: glance, port: 9292, interfaces: [publicURL]}
"""
    ct001 = [f for f in findings_of(tmp_path, text) if f.code in ("CT001", "DP010")]
    assert [(f.code, f.hint) for f in ct001] == [("CT001", "write `public`")]
    assert main(["catalog", "render", str(tmp_path / "deployment.yaml"), "--format", "v3"]) == 2
    assert "interface `publicURL` is not public, internal or admin" in capsys.readouterr().err


def test_host_and_scheme_findings_point_where_the_value_was_written(tmp_path):
    text = """version: 1
defaults: {scheme: {public: https, internal: http}}
regions: [{id: R, hosts: {public: controller, internal: ctl}}]
services:
  - {type: compute, name: nova, port: 8774, path: /v2.1}
  - {type: image, name: glance, port: 9292}
  - {type: network, name: neutron, port: 9696, scheme: {public: http}, hosts: {public: 10.0.0.5}}
"""
    found = sorted((f.code, f.subject, f.location.line, f.location.column)
                   for f in findings_of(tmp_path, text) if f.code in ("CT107", "CT108"))
    assert found == [
        ("CT107", "compute", 3, 35),   # the region's hosts.public
        ("CT107", "image", 3, 35),
        ("CT107", "network", 7, 88),   # the service's own hosts.public
        ("CT108", "network", 7, 65),   # the service's scheme.public
    ]


def test_an_undeclared_region_gets_the_same_guess_from_a_service_list_and_an_endpoint(tmp_path):
    # The two places CT005 looks (a service's regions list, an explicit endpoint) once guessed
    # differently: only one ignored spaces at the ends, so a short id found no match there.
    findings = findings_of(tmp_path, """version: 1
regions:
  - {id: R1, hosts: {public: api.example.com, internal: ctl}}
services:
  - {type: compute, name: nova, port: 8774, regions: ["r1 "]}
  - type: image
    name: glance
    port: 9292
    endpoints: [{region: "r1 ", interface: public, url: "http://api.example.com:9292"}]
""")
    ct005 = sorted((f.location.line, f.hint) for f in findings if f.code == "CT005")
    assert ct005 == [(5, "did you mean `R1`?"), (9, "did you mean `R1`?")]
