"""A directory lint takes the files services ship and says what it skipped.

The tree below has the shape of a service's ``etc/`` as released (keystone 2013.2 ships
``policy.json`` beside ``policy.v3cloudsample.json``, ``keystone-paste.ini`` and
``keystone.conf.sample``; trove ships ``policy.yaml.sample``; swift ``*.conf-sample``
paste files; nova a ``rootwrap.d`` of filters). With the shared corpus present, the real
keystone 2013.2 files are linted the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from policykit.cli import main
from policykit.lint import classify as kinds
from shared_corpus import CORPUS

SCHEMA = json.loads((Path(__file__).parents[1] / "report" / "data" / "sarif-schema-2.1.0.json").read_text())

PASTE = "[pipeline:main]\npipeline = proxy-server\n\n[app:proxy-server]\nuse = egg:swift#proxy\n"
TREE = {
    "etc/policy.json": '{"default": "!", "admin_required": "role:admin"}\n',
    "etc/policy.v3cloudsample.json": '{"default": "!", "identity:get_user": "admin"}\n',  # PL103
    "etc/policy.yaml.sample": '"default": "!"\n"compute:start": "rol:admin"\n',  # PL102
    "etc/nova-2026-sample.yaml": '"default": "!"\n"compute:stop": "role:admin)"\n',  # PL101
    "etc/keystone-paste.ini": PASTE,
    "etc/api-paste.ini.sample": PASTE,
    "etc/proxy-server.conf-sample": PASTE,
    "etc/keystone.conf.sample": "[DEFAULT]\nadmin_token = ADMIN\n",
    "etc/logging.conf.sample": "[loggers]\nkeys = root\n",
    "etc/default_catalog.templates": "catalog.RegionOne.identity.publicURL = http://localhost:5000/v2.0\n",
    "etc/policy.d/10-extra.yaml": '"compute:lock": "role:admin"\n',
    "etc/rootwrap.d/compute.filters": "[Filters]\nkill: CommandFilter, kill, root\n",
    "etc/.git/config": "[core]\n",
}
TAKEN = {"etc/policy.json", "etc/policy.v3cloudsample.json", "etc/policy.yaml.sample", "etc/nova-2026-sample.yaml",
         "etc/keystone-paste.ini", "etc/api-paste.ini.sample", "etc/proxy-server.conf-sample", "etc/policy.d"}
SKIPPED = ["etc/.git/", "etc/default_catalog.templates", "etc/keystone.conf.sample", "etc/logging.conf.sample",
           "etc/rootwrap.d/compute.filters"]


@pytest.fixture
def etc(tmp_path, monkeypatch):
    for name, text in TREE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "etc"


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["lint", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_walk_takes_the_names_services_ship(etc):
    skipped: list[kinds.Skipped] = []
    targets = kinds.classify([Path("etc")], skipped)
    assert {t.path.as_posix() for t in targets} == TAKEN
    kind = {t.path.name: t.kind for t in targets}
    assert kind["proxy-server.conf-sample"] == kind["api-paste.ini.sample"] == kinds.PASTE
    assert kind["policy.d"] == kinds.POLICY_DIR and "rootwrap.d" not in kind
    shown = sorted(s.path.as_posix() + ("/" if s.directory else "") for s in skipped)
    assert shown == SKIPPED


def test_sample_files_named_on_the_command_line_are_linted(etc, capsys):
    code, out, _ = lint(capsys, "--format", "json", "etc/proxy-server.conf-sample", "etc/policy.yaml.sample")
    records = json.loads(out)
    assert "PK002" not in {r["code"] for r in records}
    assert ("PL102", "etc/policy.yaml.sample") in {(r["code"], r["path"]) for r in records}


def test_a_service_conf_named_alone_is_still_of_no_known_kind(etc, capsys):
    code, out, _ = lint(capsys, "--format", "json", "etc/keystone.conf.sample")
    assert [r["code"] for r in json.loads(out)] == ["PK002"]


def test_text_always_counts_what_was_skipped_and_verbose_lists_it(etc, capsys):
    code, out, _ = lint(capsys, "etc")
    paths = {line.split(":")[0] for line in out.splitlines() if line.startswith("etc/")}
    assert {"etc/policy.v3cloudsample.json", "etc/policy.yaml.sample", "etc/nova-2026-sample.yaml"} <= paths
    assert out.rstrip().splitlines()[-1] == \
        "Skipped 4 files and 1 directory in the directories walked (--verbose lists them and why)."
    code, out, _ = lint(capsys, "--verbose", "etc")
    listed = [line.split(":")[0].removeprefix("skipped ") for line in out.splitlines() if line.startswith("skipped ")]
    assert sorted(listed) == SKIPPED


def test_even_a_clean_walk_says_what_it_skipped(etc, capsys):
    code, out, _ = lint(capsys, "etc/keystone-paste.ini", "etc")
    assert "Skipped 4 files" in out
    for name in ("policy.v3cloudsample.json", "policy.yaml.sample", "nova-2026-sample.yaml"):
        (etc / name).unlink()
    code, out, _ = lint(capsys, "--ignore", "PL204,PS", "etc")
    assert code == 0 and out.splitlines() == [
        "All checks passed.", "Skipped 4 files and 1 directory in the directories walked (--verbose lists them and why)."]


def test_sarif_and_github_carry_what_was_skipped(etc, capsys):
    _, out, _ = lint(capsys, "--format", "sarif", "etc")
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert sorted(entry["path"] for entry in invocation["properties"]["skippedFiles"]) == SKIPPED
    assert any(n["level"] == "note" and "Skipped 4 files" in n["message"]["text"]
               for n in invocation["toolExecutionNotifications"])
    _, out, _ = lint(capsys, "--format", "github", "etc")
    assert "::notice title=policykit::Skipped 4 files and 1 directory" in out


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is absent")
def test_keystone_havana_etc_reads_the_v3cloudsample(tmp_path, monkeypatch, capsys):
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "policy.json").write_bytes((CORPUS / "policies" / "keystone-havana-policy.json").read_bytes())
    (etc / "policy.v3cloudsample.json").write_bytes(
        (CORPUS / "policies" / "keystone-havana-policy.v3cloudsample.json").read_bytes())
    (etc / "keystone-paste.ini").write_bytes((CORPUS / "paste" / "keystone-havana-keystone-paste.ini").read_bytes())
    (etc / "keystone.conf.sample").write_text("[DEFAULT]\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = lint(capsys, "--format", "json", "etc")
    errors = [(r["code"], r["path"]) for r in json.loads(out) if r["severity"] == "error"]
    # The release's two real errors: colon-less checks that deny everyone.
    assert errors == [("PL103", "etc/policy.v3cloudsample.json")] * 2
