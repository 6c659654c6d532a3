"""`policykit fmt`: canonical form, JSON ↔ YAML, --check; never a changed decision."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from policykit.cli import main
from policykit.policy.format import normalise_in_place, render, effective_pairs
from policykit.sources import parse_text
from test_lint_fix import CREDS, LIST_RULES, decisions, own_decisions

MESSY = """\
# the operators' notes stay
default: rule:admin_or_owner
admin_or_owner: [["role:admin"], ["project_id:%(project_id)s"]]
'compute:start': 'role:member'   # start
compute:stop:
compute:delete: !
compute:list:
  - - role:reader
  - role:admin
odd: [["not role:a"]]
"""


def run(args, capsys):
    status = main(args)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_yaml_in_place_keeps_comments_and_decisions(tmp_path, capsys):
    path = tmp_path / "policy.yaml"
    path.write_text(MESSY)
    assert run(["fmt", str(path)], capsys)[0] == 0
    text = path.read_text()
    assert text.startswith("# the operators' notes stay\n")
    assert '"compute:start": "role:member"   # start' in text
    assert '"compute:stop": ""' in text and '"compute:delete": ""' in text  # null made visible, same meaning
    assert '"compute:list": "role:reader or role:admin"' in text
    assert '"odd": [["not role:a"]]' in text
    assert decisions(yaml.safe_load(text)) == decisions(yaml.safe_load(MESSY))
    # formatting twice changes nothing
    assert run(["fmt", "--check", str(path)], capsys)[0] == 0


def test_check_reports_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "policy.yaml"
    path.write_text(MESSY)
    status, _out, err = run(["fmt", "--check", str(path)], capsys)
    assert status == 1 and "would reformat" in err
    assert path.read_text() == MESSY


def test_to_json_and_back(tmp_path, capsys):
    path = tmp_path / "policy.yaml"
    path.write_text(MESSY)
    assert run(["fmt", "--to", "json", str(path)], capsys)[0] == 0
    converted = json.loads((tmp_path / "policy.json").read_text())
    assert converted["admin_or_owner"] == "role:admin or project_id:%(project_id)s"
    assert decisions(converted) == decisions(yaml.safe_load(MESSY))
    status, out, _ = run(["fmt", "--to", "yaml", "-o", "-", str(tmp_path / "policy.json")], capsys)
    assert status == 0 and decisions(yaml.safe_load(out)) == decisions(converted)


def test_tab_indented_json_becomes_loadable(tmp_path, capsys):
    path = tmp_path / "policy.json"
    path.write_text('{\n\t"a": "role:x",\n\t"b": [["role:y"], ["role:z"]]\n}\n')
    assert run(["fmt", str(path)], capsys)[0] == 0
    text = path.read_text()
    assert "\t" not in text
    assert yaml.safe_load(text) == {"a": "role:x", "b": "role:y or role:z"}


def test_duplicate_keys_keep_the_value_the_service_uses(tmp_path, capsys):
    path = tmp_path / "policy.yaml"
    path.write_text('"a": "!"\n"a": "role:x"\n')
    status, out, _ = run(["fmt", "--to", "json", "-o", "-", str(path)], capsys)
    assert json.loads(out) == {"a": "role:x"}


@pytest.mark.parametrize("value", ["true", "5", "{a: b}"])
def test_values_the_service_cannot_load_are_refused(tmp_path, capsys, value):
    path = tmp_path / "policy.yaml"
    path.write_text(f'"a": {value}\n')
    status, _out, err = run(["fmt", str(path)], capsys)
    assert status == 2 and "policy.yaml:1:6" in err
    assert path.read_text() == f'"a": {value}\n'


TEXT_RULES = st.sampled_from([
    "", "@", "!", " ", "role:admin", "role:a or role:b and not role:c", "(role:a or role:b) and role:c",
    "not(role:a)", "role:a)", "project_id:%(project_id)s", "'x':%(y)s", "x:1", "rule:other", "rule:missing",
    "not foo", "ROLE:a", "role:100%%",
])
VALUES = st.one_of(TEXT_RULES, LIST_RULES, st.none())
POLICIES = st.dictionaries(st.sampled_from(["a", "b", "c:d", "other", "default"]), VALUES, min_size=1, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(POLICIES, st.sampled_from(["block", "flow"]))
def test_random_files_keep_their_meaning_in_both_evaluators(rules, style):
    text = yaml.safe_dump(rules, default_flow_style=(style == "flow"), sort_keys=False)
    document = parse_text(text, "policy.yaml")
    grid = CREDS[::4]
    before = yaml.safe_load(text)
    for result in (normalise_in_place(document), render(effective_pairs(document), "json"),
                   render(effective_pairs(document), "yaml")):
        after = yaml.safe_load(result)
        assert decisions(after, grid) == decisions(before, grid)
        assert own_decisions(after, grid) == own_decisions(before, grid)
