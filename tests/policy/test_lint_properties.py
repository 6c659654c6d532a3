"""Properties of the policy linter on generated files, checked against oslo.policy.

* linting never crashes, and every finding points inside the file;
* a rule reported as "always allows" (PL202) is allowed by oslo.policy for every
  credential/target tried, and one reported as "always denies" (PL105) for none;
* a rule reported as unparsable (PL101) is `!` in oslo.policy.
"""

from __future__ import annotations

import logging

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from oslo_policy import _parser

from policykit.policy.lint import lint_policy_files
from test_lint_fix import CREDS, TARGETS, decisions

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)

NAMES = ["a", "b", "c", "default", "svc:x"]
CHUNKS = st.sampled_from([
    "role:admin", "role:member", "@", "!", "not", "and", "or", "(", ")", "(role:a", "role:a)",
    "rule:a", "rule:b", "rule:default", "rule:missing", "foo", "ROLE:x", "01:x", "True:True",
    "'x':%(y)s", "project_id:%(project_id)s", "\"role:a\"", "not(role:a)", "role:100%",
    "tenant_id:%(tenant_id)s", "is_admin:True",
])
LEAVES = st.sampled_from(["role:admin", "role:member", "@", "!", "rule:a", "rule:b", "rule:missing",
                          "True:True", "x:1", "project_id:%(project_id)s", "foo", "1:2"])
WELL_FORMED = st.recursive(LEAVES, lambda inner: st.one_of(
    inner.map(lambda x: f"not {x}"),
    st.tuples(inner, inner).map(lambda xy: f"({xy[0]} and {xy[1]})"),
    st.tuples(inner, inner).map(lambda xy: f"({xy[0]} or {xy[1]})"),
), max_leaves=5)
TEXT = st.one_of(st.lists(CHUNKS, min_size=0, max_size=6).map(" ".join), WELL_FORMED, WELL_FORMED)
VALUE = st.one_of(TEXT, TEXT, st.none(), st.lists(st.one_of(CHUNKS, st.lists(CHUNKS, max_size=2)), max_size=3))
POLICY = st.dictionaries(st.sampled_from(NAMES), VALUE, min_size=1, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(POLICY, st.sampled_from(["policy.yaml", "policy.json"]))
def test_findings_agree_with_oslo(tmp_path, rules, name):
    path = tmp_path / name
    text = yaml.safe_dump(rules, default_flow_style=name.endswith(".json"), sort_keys=False)
    path.write_text(text)
    found = lint_policy_files([path])
    lines = text.count("\n") + 1
    for finding in found:
        assert finding.location.path == str(path)
        assert finding.location.line is None or 1 <= finding.location.line <= lines
    checked = {f.subject for f in found if f.code in ("PL202", "PL105")}
    grid = decisions(rules, CREDS[::3], names=checked)
    for finding in found:
        if finding.subject is None:
            continue
        outcomes = {value for (rule, _i, _j), value in grid.items() if rule == finding.subject}
        if finding.code == "PL202":
            assert outcomes <= {True} | {o for o in outcomes if isinstance(o, str)}, finding
        elif finding.code == "PL105":
            assert True not in outcomes, finding
        elif finding.code == "PL101":
            assert str(_parser.parse_rule(rules[finding.subject])) == "!"
