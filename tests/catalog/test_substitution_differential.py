"""URL substitution and the substitution check, compared with Keystone's own code.

Keystone is installed for the tests: ``keystone.common.utils.format_url`` is what its SQL
catalog driver runs per token, ``check_endpoint_url`` what ``POST /v3/endpoints`` runs.
"""

from __future__ import annotations

import os
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.catalog.rules import ct003_invalid_substitution, ct004_removed_substitution
from policykit.catalog.substitution import Dropped, substitute

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    keystone_utils = pytest.importorskip("keystone.common.utils")
    keystone_exception = pytest.importorskip("keystone.exception")
    import keystone.conf

# MalformedEndpoint reads [DEFAULT] insecure_debug when it is raised: register Keystone's
# options (without reading any file) so that its errors can be built in this process.
if "insecure_debug" not in keystone.conf.CONF:
    keystone.conf.configure()
    keystone.conf.CONF([], project="keystone", default_config_files=[])

EXAMPLES = int(os.environ.get("POLICYKIT_HYPOTHESIS_EXAMPLES", "40")) * 5

PIECES = st.sampled_from([
    "http://h:8080", "/v1", "/AUTH_", "$(project_id)s", "%(project_id)s", "$(tenant_id)s", "%(tenant_id)s",
    "$(user_id)s", "$(compute_host)s", "$(public_endpoint)s", "$(public_port)s", "$(admin_endpoint)s",
    "$(foo)s", "%%", "%2F", "%s", "%", "$(", "%(project_id)d", "%\\(project_id\\)s", "$", ")", "s", "/x",
])
TEMPLATES = st.lists(PIECES, min_size=1, max_size=6).map("".join)


def keystone_result(url, project_id, user_id):
    """What Keystone's catalog driver does with the template: the URL, or None when it drops it."""
    values = {"user_id": user_id, "public_endpoint": None}
    silent = []
    if project_id:
        values.update(project_id=project_id, tenant_id=project_id)
    else:
        silent = ["tenant_id", "project_id"]
    try:
        result = keystone_utils.format_url(url, values, silent_keyerror_failures=silent)
    except keystone_exception.MalformedEndpoint:
        return None
    return result or None


def ours(url, project_id, user_id):
    try:
        return substitute(url, project_id, user_id)
    except Dropped:
        return None


@settings(max_examples=EXAMPLES, deadline=None)
@given(url=TEMPLATES, project_id=st.sampled_from([None, "p1", "e0082e50f10c4e39aa5248c94f3597f8"]))
def test_substitution_matches_keystone(url, project_id):
    expected = keystone_result(url, project_id, "u1")
    actual = ours(url, project_id, "u1")
    if expected is not None and "WhiteListedItemFilter" in expected:
        # a bare %s renders the substitution object; only its repr differs
        assert actual is not None and "WhiteListedItemFilter" in actual
    else:
        assert actual == expected


@settings(max_examples=EXAMPLES, deadline=None)
@given(url=TEMPLATES)
def test_every_template_keystone_refuses_is_reported(url):
    try:
        keystone_utils.check_endpoint_url(url)
        refused = False
    except keystone_exception.URLValidationError:
        refused = True
    flagged = bool(ct003_invalid_substitution.problems(url)) or any(
        name in url for name in ("$(public_port)s", "$(admin_endpoint)s"))
    if refused:
        assert flagged, url


@pytest.mark.parametrize("url", ["http://h/v1/AUTH_$(project_id)s", "http://h/%(tenant_id)s/x", "http://h/%%41",
                                 "http://h/$(user_id)s"])
def test_templates_keystone_accepts_and_renders_pass(url):
    keystone_utils.check_endpoint_url(url)
    assert ct003_invalid_substitution.problems(url) == []
    assert keystone_result(url, "p", "u") == ours(url, "p", "u")


def test_removed_names_are_their_own_rule():
    assert ct003_invalid_substitution.problems("http://h:$(public_port)s/") == []
    assert "public_port" in ct004_removed_substitution.REMOVED
