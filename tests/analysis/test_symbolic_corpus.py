"""Symbolic diff of real upgrades (shared corpus; skipped when it is absent).

Every action of the two releases gets an answer that is not "unknown" (the seed
services' defaults use only constructs the encoding models exactly), and each witness
is confirmed by oslo.policy enforcing the registered defaults by name, as the service
does.
"""

from __future__ import annotations

import pytest

pytest.importorskip("z3")

from shared_corpus import corpus_path  # noqa: E402
from symbolic_oracle import OsloService  # noqa: E402

from policykit.analysis.symbolic import compare  # noqa: E402
from policykit.policy.defaults import load_defaults_file  # noqa: E402
from policykit.policy.enforcer import Policy  # noqa: E402

CORPUS = corpus_path()
OVERRIDES = {"context_is_admin": "role:admin", "identity:get_user": "role:admin or user_id:%(target.user.id)s"}


@pytest.mark.parametrize("old_file, new_file, enforce_new_defaults", [
    ("defaults-history/nova-2025.1.json", "defaults/nova.json", True),
    ("defaults-history/keystone-2023.1.json", "defaults-history/keystone-2025.1.json", True),
    ("defaults-history/neutron-2021.1.json", "defaults-history/neutron-2023.1.json", False),
])
def test_upgrade_witnesses_are_confirmed_by_oslo(tmp_path, old_file, new_file, enforce_new_defaults):
    if not (CORPUS / old_file).is_file() or not (CORPUS / new_file).is_file():
        pytest.skip("shared corpus not present")
    sides = {}
    for side, name in (("old", old_file), ("new", new_file)):
        defaults = load_defaults_file(CORPUS / name)
        folder = tmp_path / side
        folder.mkdir()
        sides[side] = (Policy.from_dict(OVERRIDES, registered=defaults, enforce_new_defaults=enforce_new_defaults),
                       OsloService(defaults.rules.values(), OVERRIDES, enforce_new_defaults, folder))
    (old, old_oslo), (new, new_oslo) = sides["old"], sides["new"]
    statuses = {"same": 0, "new-access": 0}
    for action in sorted(set(old.rules) | set(new.rules)):
        verdict = compare(old, new, action)
        assert verdict.status != "unknown" and verdict.losses != "unknown", verdict
        statuses[verdict.status] += 1
        for witness, gains, loses in ((verdict.witness, new_oslo, old_oslo), (verdict.loss_witness, old_oslo, new_oslo)):
            if witness is not None:
                assert gains.allows(action, witness.creds, witness.target), (action, witness)
                assert not loses.allows(action, witness.creds, witness.target), (action, witness)
    assert statuses["new-access"] and statuses["same"]
