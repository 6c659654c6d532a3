"""Real registered defaults (../shared/corpus, when present): matrices and an upgrade diff equal oslo.policy."""

from __future__ import annotations

import pytest

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome
from shared_corpus import CORPUS
from policykit.analysis.diff import compute_diff
from policykit.analysis.matrix import compute_matrix
from policykit.analysis.personas import standard_personas
from policykit.analysis.state import load_state
from policykit.analysis.targets import RELATIONS, build_target
from policykit.policy.defaults import load_defaults_file

pytestmark = pytest.mark.skipif(CORPUS is None, reason="the shared corpus is not present")
OUTCOME = {"allow": True, "deny": False}


@pytest.mark.parametrize("service", ["keystone", "glance", "cinder"])
def test_the_2026_defaults_matrix_equals_oslo(service):
    defaults = load_defaults_file(CORPUS / "defaults" / f"{service}.json")
    state = load_state(None, defaults=[defaults])
    personas = standard_personas()
    matrix = compute_matrix(state, personas)
    with fresh_dir() as tmp:
        enforcer = oslo_enforcer(tmp, {}, list(defaults.rules.values()))
        for row in matrix.rows:
            for group, cell in zip(matrix.columns, row.cells):
                # the creds the service's context hands oslo (keystone: its token; cinder: is_admin)
                creds = state.request_creds(group.representative.creds)
                for relation in RELATIONS:
                    target = build_target(state.policy, row.action, creds, relation,
                                          state.target_values(row.action) or None, state.target_hints)
                    assert oslo_outcome(enforcer, row.action, target, creds) is cell.outcomes[relation], \
                        (row.action, group.name, relation)


def test_the_glance_upgrade_diff_is_confirmed_by_oslo():
    old_defaults = load_defaults_file(CORPUS / "defaults-history" / "glance-2021.1.json")
    new_defaults = load_defaults_file(CORPUS / "defaults" / "glance.json")
    old = load_state(None, defaults=[old_defaults], settings={"enforce_new_defaults": "false"})
    new = load_state(None, defaults=[new_defaults])
    diff = compute_diff(old, new, standard_personas())
    assert diff.total("loss") > 0
    personas = {p.name: p for p in standard_personas()}
    with fresh_dir() as old_dir, fresh_dir() as new_dir:
        old_enforcer = oslo_enforcer(old_dir, {}, list(old_defaults.rules.values()), False)
        new_enforcer = oslo_enforcer(new_dir, {}, list(new_defaults.rules.values()), True)
        for entry in diff.changed:
            was_name = entry.old_name or entry.action
            for change in entry.changes:
                creds = personas[change.persona].creds
                was = oslo_outcome(old_enforcer, was_name,
                                   build_target(old.policy, was_name, creds, change.relation), creds)
                now = oslo_outcome(new_enforcer, entry.action,
                                   build_target(new.policy, entry.action, creds, change.relation), creds)
                assert (was, now) == (OUTCOME[change.before], OUTCOME[change.after]), (entry.action, change)
