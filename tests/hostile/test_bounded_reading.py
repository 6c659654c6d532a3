"""Only regular files are read, and at most ``--max-file-size`` of them (issue: bounded reading).

Before: a FIFO where a file is expected blocked for ever, /dev/zero was read until memory
ran out. Every role a file plays — policy file, policy.d entry, --creds, --target-file,
--baseline, a file a deployment lists, a paste ``use = config:`` file, a service .conf —
goes through ``policykit.sources.read_bytes``.
"""

from __future__ import annotations

import json
import os
import socket

import pytest
from hostile_support import run, run_process

POLICY = '"r": "role:a"\n'


@pytest.fixture
def fifo(tmp_path):
    (tmp_path / "special").mkdir()
    path = tmp_path / "special" / "fifo.yaml"
    os.mkfifo(path)
    yield path
    # Release a reader that (wrongly) blocked on it, so a failing run does not leak a thread.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return
    os.close(descriptor)


@pytest.fixture
def policy(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY)
    return path


def deployment_listing(tmp_path, *, policy=None, paste=None, config=None):
    lines = ["version: 1", "regions: [{id: RegionOne, hosts: {public: api.example.com}}]", "services:",
             "  - type: image", "    name: glance", "    port: 9292"]
    for key, value in (("policy", policy), ("paste", paste), ("config", config)):
        if value is not None:
            lines.append(f"    {key}: {value}")
    path = tmp_path / "deployment.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


ROLES = {
    "policy file (lint)": lambda special, policy, tmp: ("lint", special),
    "policy file (eval)": lambda special, policy, tmp: ("eval", special, "r"),
    "policy file (fmt)": lambda special, policy, tmp: ("fmt", "--check", special),
    "policy.d entry": lambda special, policy, tmp: ("eval", policy, "r", "--policy-dir", special.parent),
    "--creds": lambda special, policy, tmp: ("eval", policy, "r", "--creds", special),
    "--target-file": lambda special, policy, tmp: ("eval", policy, "r", "--target-file", special),
    "--baseline": lambda special, policy, tmp: ("lint", "--baseline", special, policy),
    "deployment-listed policy": lambda special, policy, tmp: (
        "lint", deployment_listing(tmp, policy=f"special/{special.name}")),
    "deployment-listed service .conf": lambda special, policy, tmp: (
        "lint", deployment_listing(tmp, paste="api-paste.ini", config=f"special/{special.name}")),
    "policy or deployment (matrix)": lambda special, policy, tmp: ("matrix", special),
    "old policy (diff)": lambda special, policy, tmp: ("diff", special, policy),
    "--old-defaults (diff)": lambda special, policy, tmp: ("diff", policy, "--old-defaults", special,
                                                          "--new-defaults", special),
    "deployment (report)": lambda special, policy, tmp: ("report", special, "-o", tmp / "report.html"),
    "test file (test)": lambda special, policy, tmp: ("test", special),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_a_fifo_in_any_role_is_refused_at_once(role, fifo, policy, tmp_path):
    (tmp_path / "api-paste.ini").write_text("[app:main]\npaste.app_factory = glance.api:app\n")
    result = run(*ROLES[role](fifo, policy, tmp_path), timeout=30)
    assert result.code in (1, 2)
    named = "fifo.yaml is a FIFO (named pipe), not a regular file"
    if role == "test file (test)":  # a test path may be a folder to search too
        named = "fifo.yaml is not a regular file or a folder"
    assert named in result.text


def test_a_fifo_reached_through_paste_use_config_is_refused(fifo, tmp_path):
    paste = tmp_path / "api-paste.ini"
    paste.write_text("[app:main]\nuse = config:special/fifo.yaml\n")
    for command in ("paste", "lint"):
        result = run(command, paste, timeout=30)
        assert result.code == 1
        assert f"{paste.name}:2:7: PS106 [error] cannot read the referenced file: {fifo} is a FIFO" in result.out


@pytest.mark.parametrize("special, kind", [("/dev/zero", "a character device"), ("/dev/null", "a character device")])
def test_devices_are_not_read(special, kind, policy):
    for arguments in (("eval", special, "r"), ("eval", policy, "r", "--creds", special),
                      ("eval", policy, "r", "--target-file", special)):
        result = run(*arguments, timeout=30)
        assert result.code == 2
        assert f"{special} is {kind}, not a regular file" in result.text


def test_a_socket_and_a_directory_are_named_as_such(tmp_path, policy):
    path = tmp_path / "listening.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    try:
        result = run("eval", policy, "r", "--creds", path)
        assert result.code == 2 and f"{path} is a socket, not a regular file" in result.err
    finally:
        listener.close()
    result = run("eval", policy, "r", "--target-file", tmp_path)
    assert result.code == 2 and f"{tmp_path} is a directory, not a regular file" in result.err


def test_the_default_limit_is_16_mib_and_the_message_names_it(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "w") as stream:
        stream.write(POLICY)
        stream.write("#" * (16 * 2**20) + "\n")
    result = run("eval", big, "r")
    assert result.code == 2
    assert "larger than the 16 MiB policykit reads" in result.err and "--max-file-size" in result.err


def test_the_limit_is_configurable_by_option_and_environment(tmp_path, policy):
    padded = tmp_path / "padded.yaml"
    padded.write_text(POLICY + "#" * 2048 + "\n")
    assert run("eval", padded, "r", "--role", "a").out == "allow\n"
    refused = run("--max-file-size", "1K", "eval", padded, "r")
    assert refused.code == 2 and "larger than the 1 KiB policykit reads" in refused.err
    assert run("--max-file-size", "1K", "eval", policy, "r", "--role", "a").out == "allow\n"
    by_environment = run_process("eval", padded, "r", env={"POLICYKIT_MAX_FILE_SIZE": "1K"})
    assert by_environment.code == 2 and "larger than the 1 KiB policykit reads" in by_environment.err
    bad = run("--max-file-size", "lots", "eval", policy, "r")
    assert bad.code == 2 and "expected a size" in bad.err


def test_a_json_deployment_obeys_the_same_limit_as_a_yaml_one(tmp_path):
    deployment = tmp_path / "deployment.json"
    deployment.write_text(json.dumps({
        "version": 1, "cloud": "limit",
        "regions": [{"id": "RegionOne", "hosts": {"public": "api.example.com"}}],
        "services": [{"type": "compute", "name": "nova", "port": 8774, "policy": "policy.yaml"}],
        "identity": {"domains": [{"name": "Default", "id": "default"}], "projects": [{"name": "p", "domain": "Default"}],
                     "roles": ["admin"], "users": [{"name": f"u{i}", "domain": "Default"} for i in range(60)],
                     "assignments": [{"user": "u0", "role": "admin", "project": "p"}]},
    }))
    (tmp_path / "policy.yaml").write_text(POLICY)
    assert run("matrix", deployment).code == 0
    refused = run("--max-file-size", "1K", "matrix", deployment)
    assert refused.code == 2 and "larger than the 1 KiB policykit reads" in refused.err
