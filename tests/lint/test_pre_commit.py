"""The pre-commit hooks, run by the real pre-commit against a throw-away git repository.

pre-commit installs policykit from a local clone of this work tree into its own virtual
environment. VIRTUALENV_SYSTEM_SITE_PACKAGES lets that environment reuse the
dependencies already installed for the tests, so only policykit itself is built
(where they are missing, pip fetches them from the package index as usual).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
COPIED = ("policykit", "grammars", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


def hook(hook_id: str) -> dict:
    return next(h for h in HOOKS if h["id"] == hook_id)


@pytest.mark.parametrize("hook_id, path, expected", [
    ("policykit-lint", "policy.yaml", True),
    ("policykit-lint", "etc/nova/policy.json", True),
    ("policykit-lint", "etc/nova/nova-policy.yml", True),
    ("policykit-lint", "glance_policy.yaml", True),
    ("policykit-lint", "etc/nova/policy.d/10-servers.yaml", True),
    ("policykit-lint", "etc/keystone/policy.v3cloudsample.json", True),
    ("policykit-lint", "etc/trove/policy.yaml.sample", True),
    ("policykit-lint", "etc/nova/nova-2026-sample.yaml", True),
    ("policykit-lint-paste", "etc/keystone/keystone-paste.ini.sample", True),
    ("policykit-lint-paste", "etc/swift/proxy-server.conf-sample", True),
    ("policykit-lint-paste", "etc/swift/object-server.conf-sample", True),
    ("policykit-lint-paste", "etc/keystone/keystone.conf.sample", False),
    ("policykit-lint", "docker-compose.yaml", False),
    ("policykit-lint", "policyholder.yaml", False),
    ("policykit-lint", "etc/policy.d/README", False),
    ("policykit-lint-paste", "etc/glance/glance-api-paste.ini", True),
    ("policykit-lint-paste", "api-paste.ini", True),
    ("policykit-lint-paste", "etc/swift/proxy-server.conf", True),
    ("policykit-lint-paste", "etc/nova/nova.conf", False),
    ("policykit-lint-deployment", "deployment.yaml", True),
    ("policykit-lint-deployment", "clouds/prod-deployment.yml", True),
    ("policykit-lint-deployment", "redeployment.yaml", False),
])
def test_hook_file_patterns(hook_id, path, expected):
    assert bool(re.search(hook(hook_id)["files"], path)) is expected


def test_every_hook_runs_policykit_lint_as_a_python_hook():
    assert {h["id"] for h in HOOKS} >= {"policykit-lint", "policykit-lint-paste"}
    for entry in HOOKS:
        expected = "policykit test" if entry["id"] == "policykit-test" else "policykit lint"
        assert entry["entry"] == expected and entry["language"] == "python"


def test_manifest_is_valid_for_pre_commit():
    completed = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(PROJECT / ".pre-commit-hooks.yaml")],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout.strip()


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory) -> tuple[Path, str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    clone = tmp_path_factory.mktemp("policykit-hooks")
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, clone / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        elif source.is_file():
            shutil.copy2(source, clone / name)
    _git(clone, "init", "-q")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "hooks under test")
    return clone, _git(clone, "rev-parse", "HEAD")


def run_pre_commit(hook_repository, tmp_path, pre_commit_home, files: dict[str, str],
                   hooks=("policykit-lint",)):
    clone, rev = hook_repository
    user = tmp_path / "user"
    user.mkdir()
    _git(user, "init", "-q")
    listed = "".join(f"      - id: {hook_id}\n" for hook_id in hooks)
    (user / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {clone}\n    rev: {rev}\n    hooks:\n{listed}")
    for name, text in files.items():
        (user / name).parent.mkdir(parents=True, exist_ok=True)
        (user / name).write_text(text)
    _git(user, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", *files],
        cwd=user, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def test_hook_fails_on_a_bad_policy(hook_repository, tmp_path, pre_commit_home):
    result = run_pre_commit(hook_repository, tmp_path, pre_commit_home,
                            {"etc/policy.yaml": '"compute:start": "rol:admin"\n'})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "etc/policy.yaml:1:" in result.stdout and "PL1" in result.stdout


def test_hook_passes_on_a_good_policy(hook_repository, tmp_path, pre_commit_home):
    result = run_pre_commit(hook_repository, tmp_path, pre_commit_home,
                            {"etc/policy.yaml": '"compute:start": "role:admin"\n', "notes.yaml": "a: [\n"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


CONTEXT_BEFORE_AUTH = """\
[pipeline:main]
pipeline = keystonecontext authtoken apiapp

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:apiapp]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
"""


def test_paste_hook_fails_on_context_before_auth_and_policy_hook_skips_it(hook_repository, tmp_path, pre_commit_home):
    result = run_pre_commit(hook_repository, tmp_path, pre_commit_home,
                            {"etc/nova/api-paste.ini": CONTEXT_BEFORE_AUTH},
                            hooks=("policykit-lint", "policykit-lint-paste"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PS301" in result.stdout and "etc/nova/api-paste.ini:" in result.stdout
    assert re.search(r"policykit lint \(policy files\)\.*\(no files to check\)Skipped", result.stdout)


POLICY_TEST = """\
state: {policy: etc/policy.yaml}
cases:
  - creds: {roles: [member], project_id: p1}
    target: {project_id: p1}
    allow: ["compute:start"]
"""


def test_test_hook_runs_the_repository_policy_tests(hook_repository, tmp_path, pre_commit_home):
    files = {"etc/policy.yaml": '"compute:start": "role:member and project_id:%(project_id)s"\n',
             "tests/compute_policytest.yaml": POLICY_TEST.replace("etc/", "../etc/")}
    result = run_pre_commit(hook_repository, tmp_path, pre_commit_home, files, hooks=("policykit-test",))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "policykit test (policy unit tests)" in result.stdout and "Passed" in result.stdout


def test_test_hook_fails_when_an_edit_breaks_an_expectation(hook_repository, tmp_path, pre_commit_home):
    files = {"etc/policy.yaml": '"compute:start": "role:admin"\n',
             "tests/compute_policytest.yaml": POLICY_TEST.replace("etc/", "../etc/")}
    result = run_pre_commit(hook_repository, tmp_path, pre_commit_home, files, hooks=("policykit-test",))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "tests/compute_policytest.yaml:5:13: creds@3 compute:start on explicit target: expected allow, got deny" \
        in result.stdout
    assert "0 passed, 1 failed" in result.stdout
