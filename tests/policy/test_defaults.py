"""Registered defaults: installed entry points, exported files, the corpus format, the CLI."""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import pytest
from oslo_policy import _parser

from policykit.cli import main
from policykit.errors import InputError
from policykit.policy.defaults import (
    DefaultsSet, RegisteredDefault, export_text, load_defaults_file, load_namespace, resolve_defaults,
)
from shared_corpus import corpus_path

CORPUS_DEFAULTS = corpus_path("defaults")
KEYSTONE = any(ep.name == "keystone" for ep in entry_points(group="oslo.policy.policies"))
needs_keystone = pytest.mark.skipif(not KEYSTONE, reason="keystone is not installed")


def sample() -> DefaultsSet:
    return DefaultsSet(("svc",), "test", {
        "svc:a": RegisteredDefault("svc:a", "role:admin or role:member", "Do a.", ("project",),
                                   (("GET", "/a"), ("HEAD,GET", "/b")), "svc:old_a", "role:admin", "why", "2024.1"),
        "svc:b": RegisteredDefault("svc:b", "", deprecated_for_removal=True, deprecated_reason="unused",
                                   deprecated_since="X"),
    }, {"namespace": "svc"})


def test_export_round_trip(tmp_path):
    path = tmp_path / "svc.json"
    path.write_text(export_text(sample()))
    loaded = load_defaults_file(path)
    assert dict(loaded.rules) == dict(sample().rules)
    data = json.loads(path.read_text())
    assert data["format"] == "policykit-defaults/1" and data["rule_count"] == 2
    assert data["rules"][0]["parsed"] == str(_parser.parse_rule("role:admin or role:member"))


def test_renamed_from_maps_old_names():
    assert sample().renamed_from() == {"svc:old_a": [sample().rules["svc:a"]]}


@pytest.mark.parametrize("content, words", [
    ("not json", "not JSON"),
    ('{"rules": [{"name": 1}]}', "string 'name'"),
    ('{"policies": []}', "'rules' list"),
])
def test_bad_files_say_what_is_wrong(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=words):
        load_defaults_file(path)


def test_unknown_namespace_lists_the_installed_ones():
    with pytest.raises(InputError, match="no installed service registers policy namespace 'no-such-service'"):
        load_namespace("no-such-service")
    with pytest.raises(InputError, match="no such defaults file"):
        resolve_defaults("missing/file.json")


@needs_keystone
def test_keystone_entry_point_matches_oslo_generator():
    from oslo_policy import generator

    defaults = load_namespace("keystone")
    registered = list(generator.get_policies_dict(["keystone"])["keystone"])
    assert [r.name for r in registered] == list(defaults.rules)
    for rule in registered:
        mine = defaults.rules[rule.name]
        assert mine.check_str == rule.check_str
        assert mine.scope_types == (tuple(rule.scope_types) if rule.scope_types else None)


@needs_keystone
def test_cli_export_then_lint_offline(tmp_path, capsys):
    out = tmp_path / "keystone.json"
    assert main(["defaults", "export", "--namespace", "keystone", "-o", str(out)]) == 0
    assert len(load_defaults_file(out).rules) == len(load_namespace("keystone").rules)
    policy = tmp_path / "policy.yaml"
    policy.write_text('"default": "!"\n"identity:get_usr": "role:admin"\n')
    capsys.readouterr()
    main(["lint", "--isolated", "--format", "json", "--defaults", str(out), str(policy)])
    found = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["hint"]) for f in found] == [("PL402", "did you mean 'identity:get_user'?")]


def test_cli_export_unknown_namespace_exits_2(capsys):
    assert main(["defaults", "export", "--namespace", "no-such-service"]) == 2
    assert "no installed service" in capsys.readouterr().err


@pytest.mark.skipif(not CORPUS_DEFAULTS.is_dir(), reason="corpus not present")
def test_corpus_format_loads_and_agrees_with_its_parsed_field():
    for path in sorted(CORPUS_DEFAULTS.glob("*.json")):
        data = json.loads(path.read_text())
        defaults = load_defaults_file(path)
        assert len(defaults.rules) == data["rule_count"], path.name
        for entry in data["rules"]:
            assert str(_parser.parse_rule(defaults.rules[entry["name"]].check_str)) == entry["parsed"]


@pytest.mark.skipif(not (CORPUS_DEFAULTS / "keystone.json").is_file() or not KEYSTONE, reason="needs corpus and keystone")
def test_corpus_keystone_equals_installed_keystone():
    corpus = load_defaults_file(CORPUS_DEFAULTS / "keystone.json").rules
    installed = load_namespace("keystone").rules
    assert corpus.keys() == installed.keys()
    differing = [n for n in corpus if (corpus[n].check_str, corpus[n].scope_types) !=
                 (installed[n].check_str, installed[n].scope_types)]
    assert differing == []



def test_policy_linted_against_a_deployment_knows_which_service_reads_it(tmp_path, monkeypatch, capsys):
    # nova's request credentials carry is_admin; a file the deployment lists for nova is
    # nova's whatever it is called, so PL301 must not call is_admin unknown there.
    cloud = tmp_path / "cloud"
    (cloud / "policies").mkdir(parents=True)
    (cloud / "policies" / "custom.yaml").write_text('"default": "!"\n"x:y": "is_admin:True"\n')
    (cloud / "deployment.yaml").write_text(
        "version: 1\n"
        "regions: [{id: RegionOne, hosts: {public: api.example.com, internal: api.example.com}}]\n"
        "services:\n"
        "  - {type: compute, name: nova, port: 8774, policy: policies/custom.yaml}\n"
    )
    monkeypatch.chdir(tmp_path)  # paths as typed from above the deployment's folder
    lint = ["lint", "--isolated", "--format", "json", "--select", "PL301"]
    main(lint + ["--deployment", "cloud/deployment.yaml", "cloud/policies/custom.yaml"])
    assert json.loads(capsys.readouterr().out) == []
    # Without the deployment nothing says it is nova's: one note that the service is unknown,
    # never a warning the right service would not give.
    main(lint + ["--select", "PL300", "cloud/policies/custom.yaml"])
    assert [f["code"] for f in json.loads(capsys.readouterr().out)] == ["PL300"]
