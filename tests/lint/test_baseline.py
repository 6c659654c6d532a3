"""Baselines: findings accepted once, so that only new ones fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.cli import main

LEGACY = '{"compute:start": "rol:admin",\n "compute:stop": "rol:member"}\n'


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def lint(capsys, *args):
    code = main(["lint", "--isolated", "--select", "PL102", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_only_new_findings_are_reported_after_a_baseline(workdir, capsys):
    policy = write(workdir / "etc" / "policy.json", LEGACY)
    code, _, err = lint(capsys, "--write-baseline", "baseline.json", "etc/policy.json")
    assert code == 0 and "wrote 2 findings to the baseline baseline.json" in err
    entries = json.loads((workdir / "baseline.json").read_text())["findings"]
    assert {(e["path"], e["code"]) for e in entries} == {("etc/policy.json", "PL102")}
    code, records, _ = lint(capsys, "--baseline", "baseline.json", "etc/policy.json")
    assert code == 0 and records == []
    # lines move and a new mistake arrives: only the new one is reported
    policy.write_text('{\n "compute:pause": "rol:reader",\n "compute:start": "rol:admin",\n "compute:stop": "rol:member"}\n')
    code, records, _ = lint(capsys, "--baseline", "baseline.json", "etc/policy.json")
    assert code == 1 and [(r["subject"], r["line"]) for r in records] == [("compute:pause", 2)]


def test_stale_entries_are_reported(workdir, capsys):
    policy = write(workdir / "policy.json", LEGACY)
    lint(capsys, "--write-baseline", "baseline.json", "policy.json")
    policy.write_text('{"compute:start": "role:admin",\n "compute:stop": "rol:member"}\n')
    code, records, err = lint(capsys, "--baseline", "baseline.json", "policy.json")
    assert code == 0 and records == []
    assert "1 baseline entry in baseline.json no longer match" in err


def test_baseline_from_configuration_is_relative_to_it(workdir, capsys, monkeypatch):
    write(workdir / "repo" / "etc" / "policy.json", LEGACY)
    monkeypatch.chdir(workdir / "repo")
    lint(capsys, "--write-baseline", ".policykit-baseline.json", "etc/policy.json")
    write(workdir / "repo" / ".policykit.toml", 'baseline = ".policykit-baseline.json"\n')
    monkeypatch.chdir(workdir / "repo" / "etc")
    code = main(["lint", "--select", "PL102", "--format", "json", "policy.json"])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out) == []


def test_a_broken_baseline_is_exit_2(workdir, capsys):
    write(workdir / "policy.json", LEGACY)
    write(workdir / "baseline.json", '{"findings": [{"path": 1}]}')
    code, _, err = lint(capsys, "--baseline", "baseline.json", "policy.json")
    assert code == 2 and "is not a policykit baseline" in err
    code, _, err = lint(capsys, "--baseline", "missing.json", "policy.json")
    assert code == 2 and "no such baseline file: missing.json" in err


def test_baselined_findings_are_not_fixed(workdir, capsys):
    legacy = write(workdir / "policy.yaml", '"a": [["role:x"], ["role:y"]]\n')
    main(["lint", "--isolated", "--select", "PL601", "--write-baseline", "b.json", "policy.yaml"])
    capsys.readouterr()
    code = main(["lint", "--isolated", "--select", "PL601", "--baseline", "b.json", "--fix", "policy.yaml"])
    assert code == 0 and legacy.read_text() == '"a": [["role:x"], ["role:y"]]\n'
