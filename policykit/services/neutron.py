"""neutron: its own ``field:`` and owner checks, its credentials, its targets.

neutron registers three check kinds with oslo.policy (``neutron/policy.py``):

* ``field:RESOURCE:FIELD=VALUE`` (FieldCheck) compares the *target's* FIELD with VALUE,
  VALUE converted the way neutron's attribute map converts that field
  (``field:networks:shared=True`` compares with the boolean True), or matched as a
  regular expression from the start when VALUE begins with ``~``
  (``field:port:device_owner=~^network:``). A missing field is False, except
  ``networks:shared``, which neutron then reads from the network named by the target's
  ``network_id``.
* ``project_id:%(FIELD)s`` and ``tenant_id:%(FIELD)s`` (OwnerCheck) compare
  ``creds[kind]`` with the target's FIELD; when the target has no FIELD, FIELD names a
  parent resource (``network:project_id``, ``ext_parent:project_id``) whose owner neutron
  loads from its database. The match must be exactly ``%(FIELD)s``: anything else makes
  neutron refuse to load the policy (PolicyInitError).

What needs neutron's database cannot be decided offline: those leaves raise an
``EvaluationError`` that says which key to put in the target. The conversions are those
of the attribute map of neutron-lib (networks, subnets, subnetpools, address scopes and
groups, security groups, QoS policies); neutron adds a field's conversion only when the
extension defining it is loaded, which a real server may not do.
"""

from __future__ import annotations

import re

from policykit.errors import EvaluationError
from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints

_BOOLEAN_FIELDS = {
    ("networks", "shared"), ("networks", "admin_state_up"), ("networks", "router:external"),
    ("networks", "port_security_enabled"), ("ports", "admin_state_up"), ("ports", "port_security_enabled"),
    ("subnets", "enable_dhcp"), ("subnets", "shared"), ("subnets", "router:external"),
    ("subnetpools", "shared"), ("subnetpools", "is_default"), ("address_scopes", "shared"),
    ("address_groups", "shared"), ("security_groups", "shared"), ("policies", "shared"),
    ("routers", "admin_state_up"), ("firewall_groups", "shared"), ("firewall_policies", "shared"),
    ("firewall_rules", "shared"), ("metering_labels", "shared"), ("network_segment_ranges", "shared"),
    ("security_group_rules", "belongs_to_default_sg"),
}
_INT_FIELDS = {("subnets", "ip_version"), ("subnets", "prefixlen"), ("subnetpools", "default_quota"),
               ("subnetpools", "default_prefixlen"), ("subnetpools", "min_prefixlen"),
               ("subnetpools", "max_prefixlen"), ("address_scopes", "ip_version")}

# neutron's _RESOURCE_FOREIGN_KEYS and neutron-lib's EXT_PARENT_RESOURCE_MAPPING (in order)
_FOREIGN_KEYS = {"networks": "network_id", "security_groups": "security_group_id"}
_EXT_PARENT_RESOURCES = ("floatingip", "router", "local_ip", "policy")


def _convert(resource: str, field: str, value: str):
    key = (resource, field)
    if key in _BOOLEAN_FIELDS:
        from oslo_utils import strutils  # neutron-lib's convert_to_boolean; imported when a field: check is built

        try:
            return strutils.bool_from_string(value, strict=True)
        except ValueError:
            raise ValueError(f"'{value}' cannot be converted to boolean") from None
    if key in _INT_FIELDS:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(f"'{value}' is not an integer") from None
    return value


def undecidable(message: str, key: str) -> EvaluationError:
    """What only the service's database knows: ``target_key`` says what to put in the target."""
    error = EvaluationError(message)
    error.target_key = key
    return error


def _unloadable(text: str, reason: str, exception: str):
    """A rule neutron's check class rejects when it is built: oslo then fails to load the
    rules, and every enforce raises (the engine reports ``load_error`` that way)."""
    error = EvaluationError(f"{text}: neutron cannot load this rule ({reason}); it refuses to load the policy "
                            f"({exception}), so every request fails", oslo_exception=exception)

    def refused(target, creds):
        raise error
    refused.load_error = error
    refused.service_note = f"neutron refuses this rule: {reason}"
    return refused


def field_check(kind: str, match: str, text: str):
    """neutron's FieldCheck."""
    try:
        resource, field_value = match.split(":", 1)
        field, value = field_value.split("=", 1)
    except ValueError:
        return _unloadable(text, "expected field:RESOURCE:FIELD=VALUE", "ValueError")
    try:
        expected = _convert(resource, field, value)
    except ValueError as exc:
        return _unloadable(text, str(exc), "InvalidInput")
    try:
        regex = re.compile(value[1:]) if value.startswith("~") else None
    except re.error as exc:
        return _unloadable(text, f"bad regular expression: {exc}", type(exc).__name__)  # re.error

    def neutron_field_check(target, creds):
        if field in target:
            value_found = target[field]
        elif resource == "networks" and field == "shared" and target.get("network_id"):
            raise undecidable(f"{text}: neutron reads 'shared' of network {target['network_id']!r} from its "
                              "database; put 'shared' in the target (--target shared:=true or shared:=false)",
                              "shared")
        else:
            return False
        if value_found is None:
            return False
        if regex is not None:
            try:
                return bool(regex.match(value_found))
            except TypeError as exc:
                raise EvaluationError(f"{text}: target {field!r} is {value_found!r}, not a string ({exc}; "
                                      "neutron raises TypeError here)", oslo_exception="TypeError") from None
        return value_found == expected

    neutron_field_check.service_note = (f"neutron field check: target[{field!r}] "
                                        + (f"matches /{value[1:]}/" if regex is not None else f"== {expected!r}"))
    return neutron_field_check


_WHOLE_FIELD = re.compile(r"^\%\((.*)\)s$")


def owner_check(kind: str, match: str, text: str):
    """neutron's OwnerCheck (registered for ``project_id`` and ``tenant_id``)."""
    fields = _WHOLE_FIELD.findall(match)
    if not fields:
        return _unloadable(text, f"the match must be %(<field_name>)s, not {match!r}", "PolicyInitError")
    target_field = fields[0]

    def parent_owner(target):
        for separator in (":", "_"):
            if separator in target_field:
                parent, parent_field = target_field.split(separator, 1)
                break
        else:
            raise EvaluationError(f"{text}: the target has no {target_field!r} and neutron finds no resource "
                                  f"name in it (PolicyCheckError); put {target_field!r} in the target",
                                  oslo_exception="PolicyCheckError")
        foreign_key = _FOREIGN_KEYS.get(f"{parent}s")
        if parent == "ext_parent":
            for resource in _EXT_PARENT_RESOURCES:
                if f"ext_parent_{resource}_id" in target:
                    foreign_key, parent = f"ext_parent_{resource}_id", resource
                    break
        if not foreign_key:
            raise EvaluationError(f"{text}: the target has no {target_field!r} and no id of a parent "
                                  f"{parent!r} neutron knows (PolicyCheckError); put {target_field!r} in the target",
                                  oslo_exception="PolicyCheckError")
        if foreign_key not in target:
            raise EvaluationError(f"{text}: the target has neither {target_field!r} nor {foreign_key!r} "
                                  f"(neutron raises KeyError here); put {target_field!r} in the target",
                                  oslo_exception="KeyError")
        raise undecidable(f"{text}: neutron loads {parent_field!r} of {parent} {target[foreign_key]!r} from its "
                          f"database; put {target_field!r} in the target (--target {target_field}=...)", target_field)

    def neutron_owner_check(target, creds):
        if target_field not in target:
            parent_owner(target)
        wanted = str(target[target_field])
        if kind in creds:
            return wanted == str(creds[kind])
        return False

    neutron_owner_check.service_note = f"neutron owner check: str(creds[{kind!r}]) == str(target[{target_field!r}])"
    return neutron_owner_check


def _probe(factory):
    """``factory.load_error(kind, match, text)``: the error neutron raises building the check, if any
    (the engine asks when a policy is loaded, before any rule is compiled)."""
    factory.load_error = lambda kind, match, text: getattr(factory(kind, match, text), "load_error", None)
    return factory


_probe(field_check)
_probe(owner_check)


PROFILE = ServiceProfile(
    name="neutron",
    types=("network",),
    namespaces=("neutron", "neutron_lib"),
    file_names=("neutron_lib", "quantum"),
    # neutron-lib's ContextBase.to_policy_values(); tenant_id/tenant/tenant_name until neutron-lib 4.0
    credentials=frozenset({"is_admin", "has_global_access", "can_set_project_id", "user", "domain", "user_domain",
                           "project_domain", "project_name", "user_name", "tenant_id", "tenant", "tenant_name"}),
    credentials_known=True,
    enforces_by_reference=True,  # neutron.policy._build_match_rule: RuleCheck('rule', action)
    checks={"field": field_check, "project_id": owner_check, "tenant_id": owner_check},
    targets=TargetHints(
        own={"project_id": "project_id", "tenant_id": "project_id"},
        parents={"network:project_id": "project_id", "network:tenant_id": "project_id",
                 "ext_parent:project_id": "project_id", "ext_parent:tenant_id": "project_id",
                 "security_group:project_id": "project_id"},
        note="neutron's API controller puts project_id (and tenant_id) of the resource in the target; "
             "owners of parent resources (network:project_id) come from its database"),
    paste=PasteSpec("auth_strategy", ("neutron",), {"auth_strategy_options": (("DEFAULT", "auth_strategy"),)}),
    era="neutron Havana to 2026.2 (neutron-lib 5)",
)
