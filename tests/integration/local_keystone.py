"""Start a throw-away Keystone on 127.0.0.1: SQLite, fernet tokens, wsgiref, one process.

The steps follow what ``keystone-manage`` documents for a fresh install: write a
configuration, ``db_sync``, ``fernet_setup``, ``credential_setup``, ``bootstrap`` (admin
user, project, roles, RegionOne and the identity endpoints), then serve the WSGI
application in a subprocess (one Keystone per process: its configuration is global).
"""

from __future__ import annotations

import getpass
import grp
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SERVER_SCRIPT = Path(__file__).with_name("keystone_server.py")
ADMIN_PASSWORD = "integration-Secret-4711"
REGION = "RegionOne"
START_TIMEOUT = 90.0


@dataclass
class RunningKeystone:
    port: int
    directory: Path
    process: subprocess.Popen
    username: str = "admin"
    password: str = ADMIN_PASSWORD
    project_name: str = "admin"

    @property
    def auth_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3"

    @property
    def log_path(self) -> Path:
        return self.directory / "keystone.log"

    def os_environment(self) -> dict[str, str]:
        """The OS_* variables an operator would export for the admin user."""
        return {
            "OS_AUTH_URL": self.auth_url,
            "OS_USERNAME": self.username,
            "OS_PASSWORD": self.password,
            "OS_PROJECT_NAME": self.project_name,
            "OS_USER_DOMAIN_ID": "default",
            "OS_PROJECT_DOMAIN_ID": "default",
            "OS_INTERFACE": "public",
        }

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for path in (self.directory / "server.out", self.log_path):
            if path.exists():
                text += f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
        return text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(directory: Path) -> Path:
    config = directory / "keystone.conf"
    # oslo.config keeps inline comments as part of the value: comments on their own line.
    config.write_text(
        f"""[DEFAULT]
log_file = {directory}/keystone.log
[database]
connection = sqlite:///{directory}/keystone.db
[token]
provider = fernet
[fernet_tokens]
key_repository = {directory}/fernet-keys
[fernet_receipts]
key_repository = {directory}/fernet-keys
[credential]
key_repository = {directory}/credential-keys
[identity]
# tests only: bcrypt cost 4 makes each token ~0.1 s instead of ~0.4 s
password_hash_rounds = 4
[cache]
# Without a cache every authenticated request re-reads role assignments from SQLite:
# ~0.5 s of CPU each, against ~0.02 s with this in-process cache. One server process,
# so Keystone's own invalidation on writes keeps the cache exact.
enabled = true
backend = dogpile.cache.memory
"""
    )
    return config


def keystone_manage(config: Path, *commands: tuple[str, ...]) -> None:
    """Run keystone-manage commands side by side, with this interpreter (wherever its
    console script landed)."""
    running = []
    for arguments in commands:
        command = [
            sys.executable,
            "-c",
            "import sys; from keystone.cmd.manage import main; sys.argv[0] = 'keystone-manage'; main()",
            "--config-file",
            str(config),
            *arguments,
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=_quiet_environment(), cwd=config.parent)
        running.append((arguments[0], process))
    failures = []
    for name, process in running:
        out, err = process.communicate(timeout=120)
        if process.returncode != 0:
            failures.append(f"keystone-manage {name} failed ({process.returncode}):\n{out[-2000:]}\n{err[-4000:]}")
    if failures:
        raise RuntimeError("\n".join(failures))


def start_keystone(directory: Path) -> RunningKeystone:
    port = free_port()  # before bootstrap: the identity endpoint URLs carry it
    config = write_config(directory)
    user, group = getpass.getuser(), grp.getgrgid(os.getgid()).gr_name
    # The key repositories do not depend on the database: set them up alongside db_sync.
    keystone_manage(
        config,
        ("db_sync",),
        ("fernet_setup", "--keystone-user", user, "--keystone-group", group),
        ("credential_setup", "--keystone-user", user, "--keystone-group", group),
    )
    url = f"http://127.0.0.1:{port}/v3"
    bootstrap = ("bootstrap", "--bootstrap-password", ADMIN_PASSWORD, "--bootstrap-region-id", REGION)
    keystone_manage(
        config,
        bootstrap + ("--bootstrap-public-url", url, "--bootstrap-internal-url", url, "--bootstrap-admin-url", url),
    )
    output = open(directory / "server.out", "wb")
    process = subprocess.Popen(
        [sys.executable, str(SERVER_SCRIPT), str(config), str(port)],
        stdout=output,
        stderr=subprocess.STDOUT,
        env=_quiet_environment(),
        cwd=directory,
    )
    output.close()
    keystone = RunningKeystone(port, directory, process)
    try:
        _wait_until_serving(keystone)
    except BaseException:
        keystone.stop()
        raise
    return keystone


def _wait_until_serving(keystone: RunningKeystone) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if keystone.process.poll() is not None:
            raise RuntimeError(f"Keystone exited with {keystone.process.returncode}:\n{keystone.log_tail()}")
        try:
            with urllib.request.urlopen(keystone.auth_url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"Keystone did not answer GET {keystone.auth_url} within {START_TIMEOUT:.0f} s:\n{keystone.log_tail()}"
    )


def _quiet_environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    environment["PYTHONWARNINGS"] = "ignore"  # eventlet's deprecation notice on every start
    return environment
