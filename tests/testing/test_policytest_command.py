"""The command: discovery, configuration, summary line, README as written."""

from __future__ import annotations

import re

from policytest_oracle import EXAMPLES, PROJECT, run_cli

GOOD = "state: {policy: p.yaml}\ncases:\n  - creds: {roles: [x]}\n    allow: [a]\n"


def _project(tmp_path):
    (tmp_path / "p.yaml").write_text('"a": "role:x"\n')
    return tmp_path


def test_discovery_finds_test_files_in_folders_and_skips_hidden_ones(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path)
    (root / "sub").mkdir()
    (root / ".hidden").mkdir()
    (root / "a_policytest.yaml").write_text(GOOD)
    (root / "sub" / "b_policytest.yml").write_text(GOOD.replace("p.yaml", "../p.yaml"))
    (root / ".hidden" / "c_policytest.yaml").write_text("broken: [\n")
    (root / "other.yaml").write_text("broken: [\n")
    monkeypatch.chdir(root)
    code, out, _ = run_cli(capsys)
    assert code == 0 and out.splitlines()[-1] == "2 passed, 0 failed"


def test_configured_glob_in_pyproject(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path)
    (root / "pyproject.toml").write_text('[tool.policykit]\ntest-files = "policy-tests/*.yaml"\n')
    (root / "policy-tests").mkdir()
    (root / "policy-tests" / "compute.yaml").write_text(GOOD.replace("p.yaml", "../p.yaml"))
    (root / "ignored_policytest.yaml").write_text("broken: [\n")
    monkeypatch.chdir(root)
    code, out, err = run_cli(capsys)
    assert code == 0, err
    assert out.splitlines()[-1] == "1 passed, 0 failed"


def test_a_broken_configuration_file_is_unusable_input_not_the_default_patterns(tmp_path, capsys, monkeypatch):
    root = _project(tmp_path)
    (root / "pyproject.toml").write_text('[tool.policykit]\ntest-files = "policy-tests/*.yaml\n')
    (root / "p_policytest.yaml").write_text(GOOD)
    monkeypatch.chdir(root)
    code, out, err = run_cli(capsys)
    assert code == 2 and "pyproject.toml:2:" in err and "invalid TOML" in err, err
    assert "passed" not in out


def test_no_test_files_is_unusable_input(tmp_path, capsys):
    code, _, err = run_cli(capsys, tmp_path)
    assert code == 2 and "no test files found" in err


def test_a_file_without_cases_says_so(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "e_policytest.yaml").write_text("state: {policy: p.yaml}\ncases: []\n")
    code, out, _ = run_cli(capsys, root)
    assert code == 0 and "no cases: nothing was tested" in out


def test_fail_under_out_of_range_is_bad_input(tmp_path, capsys):
    code, _, err = run_cli(capsys, EXAMPLES, "--fail-under", "150")
    assert code == 2 and "between 0 and 100" in err


def test_readme_shows_the_example_run_as_it_is(capsys, monkeypatch):
    readme = (PROJECT / "README.md").read_text()
    block = re.search(r"```console\n\$ policykit test --coverage examples/\n(.*?)```", readme, re.S)
    assert block, "README has no `policykit test --coverage examples/` block"
    monkeypatch.chdir(PROJECT)
    code, out, _ = run_cli(capsys, "--coverage", "examples/")
    assert code == 0 and out == block.group(1)


def test_snapshot_state_flags_without_snapshot_are_bad_input(capsys):
    code, _, err = run_cli(capsys, EXAMPLES, "--defaults", "nova")
    assert code == 2 and "--defaults is only used with --snapshot" in err


def test_unwritable_report_files_are_bad_input(tmp_path, capsys):
    for flag in ("--junit-xml", "--coverage-xml", "--coverage-lcov"):
        code, _, err = run_cli(capsys, EXAMPLES, flag, tmp_path / "missing-dir" / "out")
        assert code == 2 and "cannot write" in err and "internal error" not in err, flag
