"""What the integration tests share: running the command line in-process, an admin
session on the test Keystone, and the deployment that describes it."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass

from local_keystone import RunningKeystone

DEMO_PASSWORD = "demo-Password-0815"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_policykit(*arguments: str, environment: dict[str, str] | None = None) -> CliResult:
    """Run the policykit command line in this process with exactly these OS_* variables."""
    from policykit.cli import main

    saved = {k: v for k, v in os.environ.items() if k.startswith("OS_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(environment or {})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(arguments))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        for key in [k for k in os.environ if k.startswith("OS_")]:
            del os.environ[key]
        os.environ.update(saved)
    return CliResult(code, out.getvalue(), err.getvalue())


def admin_session(keystone: RunningKeystone):
    from keystoneauth1 import session
    from keystoneauth1.identity import v3

    auth = v3.Password(
        auth_url=keystone.auth_url,
        username=keystone.username,
        password=keystone.password,
        project_name=keystone.project_name,
        user_domain_id="default",
        project_domain_id="default",
    )
    return session.Session(auth=auth)


IDENTITY = {"service_type": "identity", "interface": "public"}


@dataclass
class IdentityObjects:
    admin_project_id: str
    demo_project_id: str


def deployment_text(keystone: RunningKeystone, ids: IdentityObjects, with_identity_service: bool = True) -> str:
    """A small cloud whose identity endpoints are where the test Keystone runs.

    Bootstrap registered public, internal and admin identity endpoints; this deployment
    has only public and internal (the kolla convention), so the admin one is a leftover.
    """
    identity_service = f"""
  - type: identity
    name: keystone
    port: {keystone.port}
    path: /v3
    scheme: http
    regions: [RegionOne]
""" if with_identity_service else ""
    return f"""version: 1
cloud: integration
defaults:
  interfaces: [public, internal]
  scheme: {{public: https, internal: http, admin: http}}
regions:
  - id: RegionOne
    hosts: {{public: 127.0.0.1, internal: 127.0.0.1, admin: 127.0.0.1}}
  - id: RegionTwo
    description: Second site
    hosts: {{public: api.r2.example.test, internal: 10.2.0.10}}
services:{identity_service}
  - type: compute
    name: nova
    description: Compute service
    port: 8774
    path: /v2.1
  - type: image
    name: glance
    port: 9292
  - type: object-store
    name: swift
    port: 8080
    path: /v1/AUTH_$(project_id)s
    endpoints:
      - {{region: RegionOne, interface: internal, url: "http://127.0.0.1:8080/v1"}}
  - type: dns
    name: designate
    port: 9001
    regions: [RegionTwo]
    enabled: false
identity:
  projects:
    - {{name: admin, domain: Default, id: {ids.admin_project_id}}}
    - {{name: demo, domain: Default, id: {ids.demo_project_id}}}
  roles: [admin, member, reader]
  users:
    - {{name: admin, domain: Default}}
    - {{name: alice, domain: Default}}
  assignments:
    - {{user: admin, role: admin, project: admin}}
    - {{user: alice, role: member, project: demo}}
"""
