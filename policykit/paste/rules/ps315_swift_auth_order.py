"""Swift's authentication filters are in the wrong order.

## What it does
In a swift proxy pipeline, checks the placement of the filters around authentication:

* `authtoken` before `keystoneauth`, and `authtoken` with `delay_auth_decision = true`
  (keystoneauth makes the decision, so anonymous and tempurl requests can pass);
* with s3api: `authtoken s3api s3token keystoneauth` in that order, or `s3api` before
  `tempauth`; `slo` after `s3api` (multipart uploads);
* `tempurl` and `formpost` before the auth filter; `staticweb`, `dlo`, `slo`,
  `versioned_writes` and `symlink` after it.

## Why is this bad?
keystoneauth only reads what authtoken leaves in the environment: before it, every request
is anonymous. Without a delayed decision authtoken rejects tempurl, formpost and public
container reads before keystoneauth can allow them. s3api's own `check_pipeline` refuses
to start with `ValueError: Invalid pipeline ...: expected filter s3token before
keystoneauth`. tempurl and formpost authenticate by signature and must act before auth
rejects the unsigned request; `dlo`/`slo`/`symlink` make sub-requests that must be
authorised.

## Example
```ini proxy-server.conf
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging keystoneauth authtoken proxy-logging proxy-server

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:keystoneauth]
use = egg:swift#keystoneauth

[app:proxy-server]
use = egg:swift#proxy
```

## Use instead
```ini proxy-server.conf
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging authtoken keystoneauth proxy-logging proxy-server

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:keystoneauth]
use = egg:swift#keystoneauth

[app:proxy-server]
use = egg:swift#proxy
```
"""

from policykit.findings import Severity
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, is_swift, is_true, stage_subject, steps

CODE = "PS315"
NAME = "swift-auth-order"
SEVERITY = Severity.WARNING

_AUTH = ("tempauth", "keystoneauth", "authtoken")


def _swift_name(step) -> str | None:
    if step.middleware is None:
        return None
    if step.middleware.family == "auth_token":
        return "authtoken"
    return step.middleware.swift_name


def _before(report, branch, named, first, second, why):
    """Report when every ``first`` is not before every ``second`` (both present)."""
    if first not in named or second not in named:
        return
    a, b = named[first][0], named[second][-1]
    if a.index < b.index:
        return
    report.add(
        f"'{b.name}' ({second}) runs before '{a.name}' ({first}) in {branch_name(branch)}: {why}",
        b.stage.location, hint=f"move '{a.name}' before '{b.name}'",
        related=b.related + a.related, subject=stage_subject(b))


def check(context):
    if not is_swift(context):
        return
    report = Reporter()
    for branch in distinct_branches(context):
        named: dict[str, list] = {}
        for step in steps(branch):
            name = _swift_name(step)
            if name and step.is_filter:
                named.setdefault(name, []).append(step)
        _before(report, branch, named, "authtoken", "keystoneauth",
                "keystoneauth sees no validated identity and treats every request as anonymous")
        if "authtoken" in named and "keystoneauth" in named:
            token = named["authtoken"][0]
            key = token.stage.local_conf.get("delay_auth_decision")
            if key is None or not is_true(key.text):
                report.add(
                    f"'{token.name}' does not delay its decision, so tempurl, formpost and public containers "
                    f"are rejected before keystoneauth can allow them ({branch_name(branch)})",
                    key.location if key is not None else token.stage.location,
                    hint=f"set delay_auth_decision = true in {token.stage.section.label if token.stage.section else 'the section'}",
                    related=token.related, subject=stage_subject(token))
        if "s3api" in named:
            _before(report, branch, named, "s3api", "s3token", "s3token needs the signature s3api extracts")
            _before(report, branch, named, "s3token", "keystoneauth",
                    "swift refuses to start: expected filter s3token before keystoneauth")
            _before(report, branch, named, "s3api", "tempauth", "tempauth cannot check S3 signatures")
            _before(report, branch, named, "s3api", "slo", "multipart uploads need slo after s3api")
            _before(report, branch, named, "authtoken", "s3api",
                    "swift's sample puts s3api and s3token before keystoneauth but after auth_token")
        auths = [n for n in _AUTH if n in named]
        if not auths:
            continue
        first_auth = min((named[n][0] for n in auths), key=lambda s: s.index)
        for early in ("tempurl", "formpost"):
            for step in named.get(early, []):
                if step.index > first_auth.index:
                    report.add(
                        f"'{step.name}' ({early}) runs after '{first_auth.name}' in {branch_name(branch)}: "
                        "signed requests are rejected before their signature is checked",
                        step.stage.location, hint=f"move '{step.name}' before '{first_auth.name}'",
                        related=step.related + first_auth.related, subject=stage_subject(step))
        last_auth = max((named[n][-1] for n in auths), key=lambda s: s.index)
        for late in ("staticweb", "dlo", "slo", "versioned_writes", "symlink"):
            for step in named.get(late, []):
                if step.index < last_auth.index:
                    report.add(
                        f"'{step.name}' ({late}) runs before '{last_auth.name}' in {branch_name(branch)}: "
                        "the requests it makes are not authorised",
                        step.stage.location, hint=f"move '{step.name}' after '{last_auth.name}'",
                        related=step.related + last_auth.related, subject=stage_subject(step))
    yield from report
