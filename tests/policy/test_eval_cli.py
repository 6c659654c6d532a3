"""``policykit eval``: decisions, --explain, --expect, credential and target sources, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from policykit.cli import main

POLICY = textwrap.dedent("""\
    admin_api: "role:admin"
    owner: "project_id:%(project_id)s"
    "compute:get": "rule:admin_api or (role:member and rule:owner)"
    "compute:system": "system:all or rule:admin_api"
    "compute:domain": "domain_id:%(domain_id)s"
    "nested:get": "project_id:%(target.project.id)s"
    default: "rule:admin_api"
    loop: "rule:loop2"
    loop2: "rule:loop"
    bad_literal: "01:x"
    remote: "http://127.0.0.1:9/check"
    """)

DEPLOYMENT = textwrap.dedent("""\
    version: 1
    cloud: example
    regions:
      - id: RegionOne
        hosts: {public: api.example.com, internal: controller}
    services:
      - {type: identity, name: keystone, port: 5000, path: /v3}
    identity:
      domains: [{name: Default, id: default}]
      projects:
        - {name: demo, domain: Default, id: p-demo}
      roles:
        - {name: admin, implies: [member]}
        - member
      users:
        - {name: admin, domain: Default}
        - {name: alice, domain: Default}
      assignments:
        - {user: alice, role: member, project: demo}
        - {user: admin, role: admin, system: all}
    """)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "policy.yaml").write_text(POLICY)
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    return tmp_path


def run(capsys, *argv):
    code = main(["eval", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_flags_give_allow_and_deny(files, capsys):
    policy = files / "policy.yaml"
    assert run(capsys, policy, "compute:get", "--role", "member", "--project-id", "p1",
               "--target", "project_id=p1") == (0, "allow\n", "")
    code, out, _ = run(capsys, policy, "compute:get", "--role", "member", "--project-id", "p1",
                       "--target", "project_id=p2")
    assert (code, out) == (0, "deny\n")


def test_expect_sets_the_exit_code(files, capsys):
    policy = files / "policy.yaml"
    assert run(capsys, policy, "compute:get", "--role", "admin", "--expect", "allow")[0] == 0
    code, out, err = run(capsys, policy, "compute:get", "--role", "reader", "--expect", "allow")
    assert (code, out) == (1, "deny\n") and "expected allow" in err
    assert run(capsys, policy, "compute:get", "--role", "reader", "--expect", "deny")[0] == 0


def test_explain_shows_results_the_deciding_branch_and_skipped_nodes(files, capsys):
    code, out, _ = run(capsys, files / "policy.yaml", "compute:get", "--role", "admin", "--explain")
    assert code == 0
    assert out.splitlines()[0] == "compute:get → ALLOW"
    assert "rule:admin_api → true   ◀ decided" in out
    assert "and → skipped (short-circuit)" in out
    assert "role:member → skipped" in out


def test_explain_says_when_the_default_rule_stood_in(files, capsys):
    code, out, err = run(capsys, files / "policy.yaml", "compute:gte", "--role", "admin", "--explain")
    assert code == 0
    assert "the default rule 'default' decides" in out
    assert "did you mean 'compute:get'" in err


def test_an_expression_can_be_evaluated_instead_of_a_name(files, capsys):
    code, out, _ = run(capsys, files / "policy.yaml", "role:member and rule:owner", "--expression",
                       "--role", "member", "--project-id", "p1", "--target", "project_id=p1")
    assert (code, out) == (0, "allow\n")


def test_system_scope_and_domain_flags(files, capsys):
    policy = files / "policy.yaml"
    assert run(capsys, policy, "compute:system", "--system-scope", "all")[1] == "allow\n"
    assert run(capsys, policy, "compute:domain", "--domain-id", "d1", "--target", "domain_id=d1")[1] == "allow\n"


def test_typed_target_values(files, capsys):
    # both sides None: oslo compares str(None) == str(None)
    assert run(capsys, files / "policy.yaml", "owner", "--target", "project_id:=null")[1] == "allow\n"
    assert run(capsys, files / "policy.yaml", "owner", "--target", "project_id=None")[1] == "allow\n"


def test_creds_file_as_a_keystone_token_body(files, capsys):
    token = {"token": {"roles": [{"id": "r1", "name": "member"}], "user": {"id": "u1", "domain": {"id": "default"}},
                       "project": {"id": "p1", "domain": {"id": "default"}}}}
    (files / "token.json").write_text(json.dumps(token))
    argv = [files / "policy.yaml", "compute:get", "--creds", files / "token.json"]
    assert run(capsys, *argv, "--target", "project_id=p1")[1] == "allow\n"
    assert run(capsys, *argv, "--target", "project_id=p2")[1] == "deny\n"


def test_creds_file_in_yaml_is_used_as_the_creds_mapping(files, capsys):
    (files / "creds.yaml").write_text("roles: [member]\nproject_id: p1\n")
    assert run(capsys, files / "policy.yaml", "compute:get", "--creds", files / "creds.yaml",
               "--target", "project_id=p1")[1] == "allow\n"


def test_target_file_is_flattened_with_dots(files, capsys):
    (files / "target.json").write_text(json.dumps({"target": {"project": {"id": "p1"}}}))
    assert run(capsys, files / "policy.yaml", "nested:get", "--project-id", "p1",
               "--target-file", files / "target.json")[1] == "allow\n"


def test_personas_from_a_deployment(files, capsys):
    argv = [files / "policy.yaml", "compute:get", "--deployment", files / "deployment.yaml"]
    assert run(capsys, *argv, "--persona", "alice@demo", "--target", "project_id=p-demo")[1] == "allow\n"
    assert run(capsys, *argv, "--persona", "alice@demo", "--target", "project_id=other")[1] == "deny\n"
    assert run(capsys, *argv, "--persona", "admin@system")[1] == "allow\n"


def test_policy_dir_overrides(files, capsys):
    overlay = files / "policy.d"
    overlay.mkdir()
    (overlay / "open.yaml").write_text('"compute:get": "@"\n')
    assert run(capsys, files / "policy.yaml", "compute:get", "--policy-dir", overlay)[1] == "allow\n"


def test_an_input_on_which_oslo_raises_is_reported_with_exit_2(files, capsys):
    code, out, err = run(capsys, files / "policy.yaml", "loop")
    assert code == 2 and out == ""
    assert "raises TypeError" in err and "rule:loop → rule:loop2 → rule:loop" in err
    code, _, err = run(capsys, files / "policy.yaml", "bad_literal")
    assert code == 2 and "raises SyntaxError" in err
    code, _, err = run(capsys, files / "policy.yaml", "remote")
    assert code == 2 and "does not contact remote servers" in err


@pytest.mark.parametrize("argv, message", [
    (["missing.yaml", "x"], "no such file"),
    (["broken.yaml", "x"], "broken.yaml:3:1: cannot parse"),
    (["nonstring.yaml", "x"], "nonstring.yaml:2:4: the value of 'b' is a bool"),
    (["policy.yaml", "x", "--target", "novalue"], "expected key=value"),
    (["policy.yaml", "x", "--target", "n:={bad"], "must be JSON"),
    (["policy.yaml", "x", "--persona", "nobody", "--deployment", "deployment.yaml"], "no persona 'nobody'"),
    (["policy.yaml", "x", "--persona", "alice@demo"], "--persona needs --deployment"),
    (["policy.yaml", "x", "--role", "a", "--creds", "policy.yaml"], "either with flags"),
    (["policy.yaml", "x", "--creds", "list.yaml"], "one JSON/YAML object"),
])
def test_bad_input_is_one_clear_line_and_exit_2(files, argv, message):
    (files / "broken.yaml").write_text('a: "role:x"\nb: [\n')
    (files / "list.yaml").write_text("- a\n- b\n")
    (files / "nonstring.yaml").write_text('a: "role:x"\nb: true\n')
    result = subprocess.run([sys.executable, "-m", "policykit.cli", "eval", *argv], cwd=files,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_json_output_carries_the_decision_and_with_explain_the_tree(files, capsys):
    code, out, _ = run(capsys, files / "policy.yaml", "compute:gte", "--role", "admin", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["decision"], data["resolved"], data["fell_back_to_default"]) == ("allow", "default", True)
    assert "tree" not in data
    code, out, _ = run(capsys, files / "policy.yaml", "compute:get", "--role", "admin", "--format", "json", "--explain")
    tree = json.loads(out)["tree"]
    assert tree["node"] == "OrCheck" and tree["result"] is True
    assert [child["skipped"] for child in tree["children"]] == [False, True]


def test_json_output_of_an_evaluation_error_names_oslos_exception(files, capsys):
    code, out, _ = run(capsys, files / "policy.yaml", "bad_literal", "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["oslo_exception"] == "SyntaxError"


def test_an_expression_that_does_not_parse_is_explained(files, capsys):
    code, out, err = run(capsys, files / "policy.yaml", "not(role:a)", "--expression")
    assert (code, out) == (0, "deny\n")
    assert "replaces all of it" in err and "column 1" in err


def test_explain_points_at_rules_that_do_not_mean_what_they_say(tmp_path, capsys):
    (tmp_path / "policy.yaml").write_text('admin: "role:admin"\nget: "rule:admin or not(role:x)"\n'
                                          'open: "role:a or not foo"\n')
    code, out, err = run(capsys, tmp_path / "policy.yaml", "get", "--role", "admin", "--explain")
    assert code == 0 and out.startswith("get → DENY")
    assert f"{tmp_path / 'policy.yaml'}:2:" in err and "replaces all of it" in err
    code, out, err = run(capsys, tmp_path / "policy.yaml", "open", "--explain")
    assert out.startswith("open → ALLOW") and "because: not ! → true" in out
    assert "true for everyone" in err
