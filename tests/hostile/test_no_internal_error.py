"""Every input that used to end in "internal error" is one line saying what to do, exit 2;
and a small fuzz loop over every command keeps it that way.

``run`` (hostile_support) fails any run whose output says "internal error" or shows a
traceback, so each case below checks that as well as its own message.
"""

from __future__ import annotations

import os

import pytest
from hostile_support import run, run_process

POLICY = '"r": "role:a"\n'


@pytest.fixture
def policy(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY)
    return path


@pytest.mark.parametrize("destination, message", [
    ("missing-folder/out.json", "the folder {tmp}/missing-folder does not exist"),
    (".", "it is a directory"),
    ("/dev/full", "no space left on the device"),
    ("n" * 300 + ".json", "the file name is too long"),
])
def test_fmt_output_that_cannot_be_written(tmp_path, policy, destination, message):
    target = destination if destination.startswith("/") else str(tmp_path / destination)
    result = run("fmt", policy, "--to", "json", "-o", target)
    assert result.code == 2
    assert message.format(tmp=tmp_path) in result.err and "hint:" in result.err


def test_fmt_to_an_unwritable_folder(tmp_path, policy):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    # Root may write into any folder (CI runs as root); sysfs refuses new files even to root.
    destination = "/sys/policykit-out.json" if os.geteuid() == 0 else folder / "out.json"
    result = run("fmt", policy, "--to", "json", "-o", destination)
    assert result.code == 2 and "permission denied" in result.err


@pytest.mark.parametrize("command", [
    ("lint", "{long}"), ("eval", "{long}", "r"), ("fmt", "{long}"), ("paste", "{long}"),
    ("lint", "--baseline", "{long}", "{policy}"), ("lint", "--deployment", "{long}", "{policy}"),
    ("eval", "{policy}", "r", "--creds", "{long}"), ("catalog", "render", "-f", "v3", "{long}"),
])
def test_file_names_over_255_bytes(tmp_path, policy, command):
    long = str(tmp_path / ("x" * 300 + ".yaml"))
    result = run(*(part.format(long=long, policy=policy) for part in command))
    assert result.code in (1, 2)
    assert "too long" in result.text


def test_complex_keys_and_list_keys(tmp_path, policy):
    complex_keys = tmp_path / "complex.yaml"
    complex_keys.write_text("? [a, b]\n: role:a\n? {c: d}\n: role:b\n")
    result = run("fmt", complex_keys)
    assert result.code == 2 and "complex.yaml:1:3: cannot parse complex.yaml: found unhashable key" in result.err
    creds = tmp_path / "creds.yaml"
    creds.write_text("? [roles]\n: [admin]\n")
    result = run("eval", policy, "r", "--creds", creds)
    assert result.code == 2 and "creds.yaml:1:3: cannot parse creds.yaml: found unhashable key" in result.err


def test_a_target_integer_longer_than_python_reads(policy):
    result = run("eval", policy, "r", "--target", "k:=" + "1" * 5000)
    assert result.code == 2
    assert "--target 'k': the value after ':=' must be JSON (Exceeds the limit (4300 digits)" in result.err
    assert "1" * 100 not in result.err


def test_catalog_plan_without_a_password_says_what_to_do(tmp_path):
    deployment = tmp_path / "deployment.yaml"
    deployment.write_text("version: 1\nregions: [{id: RegionOne, hosts: {public: a.example.com}}]\nservices: []\n")
    result = run_process("catalog", "plan", deployment, "--os-auth-url", "http://127.0.0.1:9/v3",
                         "--os-username", "admin", "--os-user-domain-id", "default")
    assert result.code == 2 and result.err.count("\n") == 2  # the error and its hint
    assert "no password given" in result.err and "OS_PASSWORD" in result.err


# -- a small fuzz loop: hostile shapes × every command that reads a file ---------------------

SHAPES = {
    "empty": "",
    "nul bytes": "r: \"role:a\"\x00\x00\n",
    "not utf-8": b"r: \"\xff\xfe role\"\n",
    "byte-order marks": "\ufeff\ufeffr: role:a\n",
    "crlf and cr": "r: role:a\r\ns: role:b\rt: x\r\n",
    "tabs": "{\n\t\"r\": \"role:a\",\n\t\"s\": [\"x\"]\n}\n",
    "one long line": "r: \"" + "role:a or " * 20000 + "role:b\"\n",
    "deep flow": "r: " + "{a: " * 250 + "b" + "}" * 250 + "\n",
    "deep block": "".join("  " * depth + f"k{depth}:\n" for depth in range(260)),
    "alias of alias": "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c]\n",
    "merge keys": "b: &b {r: 'role:a'}\n<<: *b\nc: {<<: [*b, *b]}\n",
    "tags": "r: !!python/name:os.system ''\ns: !custom [x]\n",
    "lone surrogate": "{\"r\": \"\\udfff\"}\n",
    "several documents": "r: a\n---\nr: b\n",
    "scalars": "5\n",
    "list": "- a\n- b\n",
    "ini garbage": "[app:main\nuse = egg:\n= =\n[[]]\n%(x)s\n",
    "unbalanced": "r: [role:a\n",
    "huge key": "\"" + "k" * 5000 + "\": x\n",
    "mixed": "identity: {users: [{name: \"\\ud800\"}]}\nservices: !!set {a}\n",
}

COMMANDS = [
    ("lint", "{file}"),
    ("eval", "{file}", "r"),
    ("eval", "{file}", "r", "--explain", "--format", "json"),
    ("fmt", "--diff", "{file}"),
    ("fmt", "--to", "json", "-o", "-", "{file}"),
    ("paste", "{file}"),
    ("catalog", "render", "-f", "v3", "{file}"),
    ("catalog", "query", "{file}", "--service-type", "identity"),
    ("eval", "{policy}", "r", "--creds", "{file}"),
    ("eval", "{policy}", "r", "--target-file", "{file}"),
    ("lint", "--baseline", "{file}", "{policy}"),
]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_command_survives_every_shape(tmp_path, policy, shape):
    content = SHAPES[shape]
    for suffix in (".yaml", ".json", "-paste.ini"):
        path = tmp_path / f"input{suffix}"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
        for command in COMMANDS:
            if suffix == "-paste.ini" and command[0] != "paste" and command[0] != "lint":
                continue
            result = run(*(part.format(file=path, policy=policy) for part in command), timeout=60)
            assert result.code in (0, 1, 2)
