"""A check on a credential the service never puts into the credentials.

## What it does
Reports a generic check (`kind:match`) whose kind names a credential that oslo.context's
`RequestContext.to_policy_values()` does not produce — `tenant_id`, `tenant`,
`is_admin`, `project_idd` — unless the service is known to add that key itself (nova
and cinder add `is_admin`, neutron keeps `tenant_id`, keystone adds `token`...). The
keys oslo.context provides are `user_id`, `user_domain_id`, `system_scope`,
`domain_id`, `project_id`, `project_domain_id`, `roles`, `is_admin_project`,
`service_user_id`, `service_user_domain_id`, `service_project_id`,
`service_project_domain_id`, `service_roles` (and `system`, which the enforcer copies
from `system_scope`).

A rule that is nothing but such a check (`"consistencygroup:create": "group:nobody"`)
is a way of denying everyone: that is reported as info, suggesting `"!"`. For a service
whose credentials policykit has not read (ironic, trove, zaqar ...), only misspellings
of oslo.context's keys are reported: older services added `is_admin` or `tenant`
themselves.

## Why is this bad?
A missing credential makes the check false, silently. Policies written for the
Keystone v2 era (`tenant_id:%(tenant_id)s`) stopped matching when services moved to
oslo.context: the credential is now `project_id`.

## Example
```yaml glance-policy.yaml
"owner": "role:member and tenant_id:%(project_id)s"
```

## Use instead
```yaml glance-policy.yaml
"owner": "role:member and project_id:%(project_id)s"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck
from policykit.policy.rules._analysis import literal_kind
from policykit.policy.rules.pl102_misspelt_check_kind import intended_kind
from policykit.suggest import suggest

CODE = "PL301"
NAME = "unknown-credential"
SEVERITY = Severity.WARNING

RENAMED = {
    "tenant_id": "project_id", "tenant": "project_id", "tenant_name": "project_id (names are not in the credentials)",
    "user": "user_id", "domain": "domain_id", "user_domain": "user_domain_id", "project_domain": "project_domain_id",
    "is_admin": "role:admin (or rule:context_is_admin)", "role": "role:", "project": "project_id",
}

def check(context):
    credentials = context.credentials()
    custom = context.check_kinds()  # the service's own check classes read no credential by that name
    profile = context.profile
    complete = profile is not None and profile.credentials_known
    if profile is None:  # unknown service: a key some service adds is PL300's to mention, not a guess here
        from policykit.policy.rules.pl300_unknown_service import service_dependent_kinds

        custom = frozenset(service_dependent_kinds())
    service = context.service or "the service"
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for node in entry.check.walk():
            if type(node) is not GenericCheck or node.kind in custom:
                continue
            try:
                if literal_kind(node.kind)[0]:
                    continue
            except Exception:  # noqa: BLE001 - PL104 reports kinds that raise
                continue
            key = node.kind.split(".")[0]
            if intended_kind(node.kind, credentials) is not None:
                continue  # a misspelt role/rule: PL102
            if key in credentials or node.kind.lower() in ("role", "rule") or not key:
                continue
            start, end = (node.span.start, node.span.start + len(node.kind)) if node.span else (None, None)
            replacement = RENAMED.get(key)
            if replacement is not None and not complete:
                continue  # the old names are what older services added themselves; no guess without knowing
            if replacement is None:
                guess = suggest(key, credentials, cutoff=0.7)
                hint = f"did you mean `{guess}`?" if guess else None
                if hint is None and not complete:
                    continue  # an unknown service may well add its own credentials
            elif key == "is_admin":
                hint = f"use {replacement}"
            else:
                hint = f"the credential is now `{replacement}` (tenant → project rename)" if "tenant" in key \
                    else f"use `{replacement}`"
            if node is entry.check:  # the whole rule: a way of writing "deny everyone" (`group:nobody`)
                yield context.problem(
                    f"`{node}` looks up creds[{key!r}], which {service}'s request credentials do not carry: "
                    "the rule denies everyone",
                    context.value_location(entry, start, end), entry=entry, severity=Severity.INFO,
                    hint='write "!" if denying everyone is meant' + (f"; {hint}" if hint else ""),
                )
                continue
            yield context.problem(
                f"`{node}` looks up creds[{key!r}], which {service}'s request credentials do not carry "
                "(oslo.context's to_policy_values()); the check never matches",
                context.value_location(entry, start, end), entry=entry, hint=hint,
            )
