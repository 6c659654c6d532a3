"""Creds and targets are built as services build them.

Oracles: a token body goes through keystoneauth1 (AccessInfo), keystonemiddleware (the
headers auth_token sets) and oslo.context (``RequestContext.from_environ`` then
``to_policy_values``), the way a request reaches a service's policy check; targets are
flattened by keystone's own ``flatten_dict``.
"""

from __future__ import annotations

import pytest
from keystoneauth1 import access
from keystonemiddleware.auth_token import _request
from oslo_context.context import RequestContext

from policykit.errors import InputError
from policykit.policy.credentials import creds_from_token, flatten_target, parse_target_pairs, policy_values

TIMES = {"methods": ["password"], "expires_at": "2030-01-01T00:00:00Z", "issued_at": "2020-01-01T00:00:00Z"}
USER = {"id": "u1", "name": "alice", "domain": {"id": "default", "name": "Default"}}
TOKENS = {
    "project": {"roles": [{"id": "r1", "name": "member"}, {"id": "r2", "name": "reader"}], "user": USER,
                "project": {"id": "p1", "name": "demo", "domain": {"id": "pd", "name": "PD"}}},
    "domain": {"roles": [{"id": "r1", "name": "admin"}], "user": USER, "domain": {"id": "d1", "name": "D1"}},
    "system": {"roles": [{"id": "r1", "name": "admin"}], "user": USER, "system": {"all": True}},
    "unscoped": {"user": USER},
    "not admin project": {"roles": [{"id": "r1", "name": "admin"}], "user": USER, "is_admin_project": False,
                          "project": {"id": "p1", "name": "demo", "domain": {"id": "pd", "name": "PD"}}},
}


def creds_a_service_sees(body: dict) -> dict:
    request = _request._AuthTokenRequest.blank("/")
    request.set_user_headers(access.create(body=body))
    return dict(RequestContext.from_environ(request.environ).to_policy_values())


@pytest.mark.parametrize("scope", sorted(TOKENS))
def test_token_bodies_give_the_creds_a_service_sees(scope):
    body = {"token": dict(TOKENS[scope], **TIMES)}
    assert creds_from_token(body) == creds_a_service_sees(body)


def test_flag_values_give_request_context_policy_values():
    values = dict(roles=["admin"], user_id="u", project_id="p", domain_id=None, system_scope="all",
                  user_domain_id="ud", project_domain_id="pd")
    assert policy_values(**values) == dict(RequestContext(**values).to_policy_values())
    assert policy_values() == dict(RequestContext().to_policy_values())


NESTED = [
    {"target": {"project": {"id": "p1", "domain": {"id": "d"}}, "user_id": "u"}},
    {"a": {}, "b": [1, {"c": 2}], "": {"x": 1}},
    {"flat.key": 1, "flat": {"key": 2}},
]


@pytest.mark.parametrize("nested", NESTED)
def test_targets_are_flattened_like_keystone(nested):
    from keystone.common.utils import flatten_dict

    assert flatten_target(nested) == flatten_dict(nested)


def test_target_pairs_are_strings_or_json_values():
    assert parse_target_pairs(["project_id=p1", "a=b=c", "enabled:=true", "n:=null", "x:=5"]) == {
        "project_id": "p1", "a": "b=c", "enabled": True, "n": None, "x": 5}


@pytest.mark.parametrize("pair", ["novalue", "=v", "k:=nope"])
def test_bad_target_pairs_say_what_to_write(pair):
    with pytest.raises(InputError, match="--target"):
        parse_target_pairs([pair])
