"""No secret is echoed, and --timeout bounds each request to Keystone as a whole.

Before: argparse printed "unrecognized arguments: --os-application-credential-secret S"
(the openstack client's spelling, which policykit did not accept) and the same for any
mistyped option, putting the secret in CI logs; a listener that never answers took two
timeouts, one that drips a byte a second was read for ever.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from hostile_support import SECRET, run, run_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def deployment(tmp_path):
    path = tmp_path / "deployment.yaml"
    path.write_text("version: 1\nregions: [{id: RegionOne, hosts: {public: a.example.com}}]\nservices: []\n")
    return path


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


CONNECTION = ["--os-user-domain-id", "default", "--os-project-name", "admin", "--os-project-domain-id", "default"]


@pytest.mark.parametrize("arguments", [
    ["--os-pasword", SECRET],
    [f"--os-pasword={SECRET}"],
    [f"--os-p={SECRET}"],  # an ambiguous abbreviation, with its value attached
    ["--os-password", "x", SECRET],  # a stray word
    ["--os-passwd", SECRET, "--os-tokn", SECRET],
])
def test_rejected_arguments_are_named_without_their_values(deployment, arguments):
    result = run_process("catalog", "plan", deployment, "--os-auth-url", f"http://127.0.0.1:{closed_port()}/v3",
                         "--os-username", "admin", *CONNECTION, *arguments)
    assert result.code == 2
    assert SECRET not in result.text
    assert "unrecognized option" in result.err or "ambiguous option" in result.err or "unexpected" in result.err


def test_a_mistyped_option_of_any_command_is_named_without_its_value(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('"r": "role:a"\n')
    result = run("eval", policy, "r", "--rle", SECRET, f"--rol3={SECRET}")
    assert result.code == 2 and SECRET not in result.text
    assert "unrecognized options: --rle --rol3; 1 unexpected argument (not shown" in result.err
    result = run("eval", policy, "r", f"--user={SECRET}")
    assert result.code == 2 and SECRET not in result.text
    assert "ambiguous option: --user=... could match --user-id, --user-domain-id" in result.err


@pytest.mark.parametrize("auth", [
    ["--os-auth-type", "v3applicationcredential", "--os-application-credential-id", "app",
     "--os-application-credential-secret", SECRET],
    ["--os-auth-type", "v3applicationcredential", "--os-application_credential_id", "app",
     "--os-application_credential_secret", SECRET],
    ["--os-username", "admin", "--os-password", SECRET, "--os-user-domain-name", "Default"],
    ["--os-auth-type", "token", "--os-token", SECRET],
])
def test_the_openstack_clients_spellings_are_accepted_and_never_echoed(deployment, auth):
    port = closed_port()
    result = run_process("catalog", "plan", deployment, "--os-auth-url", f"http://127.0.0.1:{port}/v3",
                         "--os-project-name", "admin", "--os-project-domain-id", "default", *auth)
    assert result.code == 2
    assert f"cannot reach Keystone at http://127.0.0.1:{port}/v3" in result.err  # parsed, then tried to connect
    assert SECRET not in result.text


class _Server:
    """A TCP listener on 127.0.0.1 that accepts and then stays silent, or drips one byte a second."""

    def __init__(self, drip: bool):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.drip = drip
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)
            if self.drip:
                threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection):
        try:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            while not self.stopped.is_set():
                connection.sendall(b" ")
                time.sleep(1)
        except OSError:
            pass

    def close(self):
        self.stopped.set()
        for connection in self.connections:
            connection.close()
        self.socket.close()


@pytest.mark.parametrize("drip", [False, True], ids=["silent", "dripping"])
@pytest.mark.parametrize("command", ["plan", "fetch"])
def test_timeout_bounds_the_whole_request(deployment, drip, command):
    server = _Server(drip)
    try:
        arguments = ["catalog", command] + ([str(deployment)] if command == "plan" else [])
        # A hang fails here (the run's own deadline), long before a dripping server would end.
        result = run_process(*arguments, "--os-auth-url", f"http://127.0.0.1:{server.port}/v3",
                             "--os-username", "admin", "--os-password", SECRET, *CONNECTION, "--timeout", "2",
                             timeout=40)
    finally:
        server.close()
    assert result.code == 2 and result.err.count("\n") == 1
    assert f"cannot reach Keystone at http://127.0.0.1:{server.port}/v3" in result.err
    assert SECRET not in result.text


def test_the_documented_default_timeout_is_the_real_one():
    from policykit.catalog.sync.connect import DEFAULT_TIMEOUT

    documented = re.search(r"`--timeout SECONDS` \(default \*\*(\d+)\*\*\)", (ROOT / "docs" / "catalog-sync.md").read_text())
    assert documented and float(documented.group(1)) == DEFAULT_TIMEOUT
    help_text = run_process("catalog", "plan", "--help").out
    assert f"(default: {DEFAULT_TIMEOUT:g})" in " ".join(help_text.split())
