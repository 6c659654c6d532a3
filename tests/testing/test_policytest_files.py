"""Bad test files: every one is exit 2 with one message at the file:line:col it is about."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest
import yaml

from policykit.testing.validate import schema
from policytest_oracle import EXAMPLES, run_cli

POLICY = '"admin": "role:admin"\n"compute:start": "role:member or rule:admin"\n'


def write(tmp_path, text: str, name: str = "bad_policytest.yaml"):
    (tmp_path / "policy.yaml").write_text(POLICY)
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


HEAD = """\
state:
  policy: policy.yaml
cases:
"""

BAD = [
    # (file text, line, column, words in the message)
    ("state: {policy: policy.yaml\ncases: []\n", 2, 6, "cannot parse"),
    ("state: {policy: policy.yaml}\nstate: {policy: policy.yaml}\ncases: []\n", 2, 1, "written twice"),
    (HEAD + "  - persona: alice\n    tagret: own\n    allow: [compute:start]\n", 5, 5, "unknown key 'tagret'"),
    (HEAD + "  - creds: {roles: [member]}\n    action: compute:start\n    expect: alow\n", 6, 13, "'alow' is not one of"),
    (HEAD + "  - creds: {roles: [member]}\n    persona: x\n    allow: [compute:start]\n", 4, 5, "exactly one of persona"),
    (HEAD + "  - creds: {roles: [member]}\n    action: compute:start\n", 4, 5, "needs 'expect"),
    (HEAD + "  - creds: {roles: [member]}\n    allow: compute:start\n", 5, 12, "must be a list"),
    (HEAD + "  - creds: {roles: [member]}\n    target: elsewhere\n    allow: [compute:start]\n", 5, 13, "must be one of"),
    (HEAD + "  - creds: {roles: [member]}\n    allow:\n      - compute:start\n      - compute:stop\n", 7, 9,
     "unknown action 'compute:stop'"),
    (HEAD + "  - creds: {roles: [member]}\n    action: 'network:*'\n    expect: deny\n", 5, 13, "matches no policy name"),
    (HEAD + "  - persona: alise@demo\n    allow: [compute:start]\n", 4, 14, "unknown persona 'alise@demo'"),
    ("state:\n  policy: missing.yaml\ncases: []\n", 2, 11, "no such policy file"),
    ("cases: []\n", 1, 1, "names no policy"),
    ("state:\n  policy: policy.yaml\n  set: {enforce_new_defaults: maybe}\ncases: []\n", 3, 31, "must be true or false"),
    ("# nothing\n", 1, 1, "empty"),
    ("- a\n- b\n", 1, 1, "must be a mapping"),
    ("x: &a [1, 2]\ny: [*a, *a]\nstate: {policy: policy.yaml}\ncases: []\n", 2, 5, "alias *a is not allowed"),
]


@pytest.mark.parametrize("text, line, column, words", BAD)
def test_bad_test_file_is_exit_2_at_its_position(tmp_path, capsys, text, line, column, words):
    path = write(tmp_path, text)
    code, out, err = run_cli(capsys, path)
    assert code == 2, out + err
    assert f"{path}:{line}:{column}: " in err, err
    assert words in err
    assert "Traceback" not in err and "internal error" not in err


def test_unknown_persona_suggests_the_close_deployment_name(tmp_path, capsys):
    text = f"state:\n  deployment: {EXAMPLES}/deployment.yaml\n  service: nova\ncases:\n" \
           "  - persona: alise@demo\n    allow: [os_compute_api:servers:index]\n"
    path = write(tmp_path, text)
    code, _, err = run_cli(capsys, path)
    assert code == 2 and f"{path}:5:14: unknown persona 'alise@demo'" in err
    assert "did you mean 'alice@demo'?" in err


def test_unknown_service_of_the_deployment(tmp_path, capsys):
    path = write(tmp_path, f"state:\n  deployment: {EXAMPLES}/deployment.yaml\n  service: novva\ncases: []\n")
    code, _, err = run_cli(capsys, path)
    assert code == 2 and f"{path}:3:12: no service 'novva'" in err and "'nova'" in err


def test_a_bad_file_does_not_hide_the_others(tmp_path, capsys):
    write(tmp_path, HEAD + "  - creds: {roles: [member]}\n    allow: [compute:start]\n", "good_policytest.yaml")
    write(tmp_path, "cases: [\n", "broken_policytest.yaml")
    code, out, err = run_cli(capsys, tmp_path)
    assert code == 2
    assert "1 passed, 0 failed, 1 error" in out.splitlines()[-1]
    assert "broken_policytest.yaml:2:1" in err


def test_the_schema_is_a_valid_json_schema_and_accepts_the_shipped_example():
    jsonschema.Draft202012Validator.check_schema(schema())
    for path in EXAMPLES.glob("*_policytest.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema())


def test_the_schema_ships_inside_the_package():
    from importlib import resources

    text = resources.files("policykit.testing").joinpath("schema.json").read_text()
    assert json.loads(text)["title"].startswith("policykit policy test file")


def test_oversized_file_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("POLICYKIT_MAX_FILE_SIZE", "10")  # the one limit every file policykit reads obeys
    path = write(tmp_path, HEAD + "  - creds: {roles: [member]}\n    allow: [compute:start]\n")
    code, _, err = run_cli(capsys, path)
    assert code == 2 and "is larger than the 10 bytes policykit reads" in err and "POLICYKIT_MAX_FILE_SIZE" in err


def test_a_glob_or_an_asterisk_in_text_is_not_taken_for_an_alias(tmp_path, capsys):
    path = write(tmp_path, 'description: runs *all* checks, [*]\n' + HEAD +
                 "  - creds: {roles: [member]}\n    action: '*start'\n    expect: allow\n")
    code, out, err = run_cli(capsys, path)
    assert code == 0, out + err
