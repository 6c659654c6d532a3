"""nova: its registered ``is_admin:`` check, the ``is_admin`` credential, its targets.

nova registers one check kind (``nova/policy.py``, IsAdminCheck): ``is_admin:MATCH`` is
``creds['is_admin'] == (MATCH.lower() == 'true')`` — a boolean comparison, where the
generic check would compare strings. A creds mapping without ``is_admin`` makes it
raise KeyError (False under a ``rule:`` reference, as oslo's RuleCheck catches it).

nova's RequestContext computes ``is_admin`` once, when it is built: the rule
``context_is_admin`` decided for the target ``{project_id, user_id}`` of the caller
(``policy.check_is_admin``), and puts it in the creds (``to_policy_values``). nova's
default target (``policy.default_target``) is the caller's own project and user.
"""

from __future__ import annotations

from policykit.errors import EvaluationError
from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints


def is_admin_check(kind: str, match: str, text: str):
    expected = match.lower() == "true"

    def nova_is_admin_check(target, creds):
        try:
            return creds["is_admin"] == expected
        except KeyError:
            raise EvaluationError(
                f"{text}: nova's is_admin check reads creds['is_admin'], which these creds lack "
                "(nova's RequestContext always sets it: give is_admin, or a service, e.g. --service nova, "
                "that derives it)", oslo_exception="KeyError") from None

    nova_is_admin_check.service_note = f"nova is_admin check: creds['is_admin'] == {expected}"
    return nova_is_admin_check


def derive_is_admin(target_of):
    """The ``is_admin`` a RequestContext computes: context_is_admin for ``target_of(creds)``."""
    def derive(creds, decide):
        before = {**creds, "is_admin": None}
        return {"is_admin": bool(decide("context_is_admin", target_of(before), before))}
    return derive


PROFILE = ServiceProfile(
    name="nova",
    types=("compute",),
    namespaces=("nova",),
    credentials=frozenset({"is_admin"}),
    credentials_known=True,
    checks={"is_admin": is_admin_check},
    derive_creds=derive_is_admin(lambda creds: {"project_id": creds.get("project_id"), "user_id": creds.get("user_id")}),
    targets=TargetHints(own={"project_id": "project_id", "user_id": "user_id"},
                        note="nova's default_target: {'project_id': context.project_id, 'user_id': context.user_id}"),
    paste=PasteSpec("auth_strategy", ("osapi_compute", "metadata"), {
        "auth_strategy_options": (("api", "auth_strategy"), ("DEFAULT", "auth_strategy")),
        "rate_limit_options": (("DEFAULT", "api_rate_limit"),)}),
    era="nova Havana to 2026.2",
)
