"""``diff --symbolic`` and ``matrix --symbolic`` as a user runs them.

* a change no persona exercises is found (the plain diff says nothing; the symbolic one
  fails the job and prints a command that reproduces the new access);
* an equivalent rewrite is proved and passes;
* an action that cannot be encoded is "unknown" in every format and fails the run
  unless --allow-unknown;
* the printed ``policykit eval`` lines decide as claimed, and oslo.policy agrees.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("z3")

from analysis_support import run  # noqa: E402
from symbolic_oracle import OsloPolicy  # noqa: E402

from policykit.cli import main  # noqa: E402

OLD = {"svc:things:get": "role:reader and project_id:%(project_id)s", "svc:things:delete": "role:admin"}
# nobody in the standard persona set holds role "auditor"
PLANTED = {**OLD, "svc:things:delete": "role:admin or (role:auditor and user_id:%(owner_id)s)"}
REWRITTEN = {"svc:things:get": "not (not role:READER or not project_id:%(project_id)s)",
             "svc:things:delete": "role:Admin"}
# a role name taken from the target: no persona's decision raises, but it cannot be encoded exactly
FROM_TARGET = {**OLD, "svc:things:delete": "role:admin or role:%(required_role)s"}
FORMATS = ("text", "markdown", "csv", "json", "sarif", "github")


def write(folder: Path, name: str, rules: dict) -> str:
    path = folder / name
    path.write_text(json.dumps(rules, indent=1))
    return name


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return {name: write(tmp_path, f"{name}.json", rules)
            for name, rules in (("old", OLD), ("planted", PLANTED), ("rewritten", REWRITTEN), ("from_target", FROM_TARGET))}


def test_a_change_no_persona_exercises_fails_only_the_symbolic_diff(capsys, files, tmp_path):
    code, out, _ = run(capsys, "diff", files["old"], files["planted"])
    assert code == 0 and out.splitlines()[-1].startswith("0 gains, 0 losses"), out
    code, out, _ = run(capsys, "diff", files["old"], files["planted"], "--symbolic", "--format", "json")
    assert code == 1
    entry = next(a for a in json.loads(out)["actions"] if a["action"] == "svc:things:delete")
    assert entry["changes"] == [] and entry["symbolic"]["status"] == "new-access"
    witness = entry["symbolic"]["witness"]
    assert "auditor" in witness["creds"]["roles"]
    # the printed command reproduces it, and oslo.policy agrees with both sides
    command = witness["commands"]["new"]
    done = subprocess.run(["bash", "-c", command.replace("policykit eval", f"{shlex.quote(sys.executable)} -m "
                                                                             "policykit.cli eval")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.stdout.startswith("allow"), (command, done.stdout, done.stderr)
    assert OsloPolicy(PLANTED).allows("svc:things:delete", witness["creds"], witness["target"])
    assert not OsloPolicy(OLD).allows("svc:things:delete", witness["creds"], witness["target"])


def test_an_equivalent_rewrite_is_proved_and_passes(capsys, files):
    code, out, _ = run(capsys, "diff", files["old"], files["rewritten"], "--symbolic", "--fail-on", "any")
    assert code == 0, out
    assert "symbolic gains: proved: no request gains access" in out
    assert "0 actions with new access" in out and "0 unknown" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_shows_in_every_format_and_fails_unless_allowed(capsys, files, fmt):
    code, out, err = run(capsys, "diff", files["old"], files["from_target"])
    assert code == 0  # no persona notices anything
    code, out, err = run(capsys, "diff", files["old"], files["from_target"], "--symbolic", "--format", fmt)
    assert code == 1
    assert "unknown" in out.lower() and "role name taken from the target" in out
    assert "--allow-unknown" in err
    code, _, _ = run(capsys, "diff", files["old"], files["from_target"], "--symbolic", "--format", fmt,
                     "--allow-unknown")
    assert code == 0


def test_fail_on_losses_ignores_gains_but_not_lost_access(capsys, files):
    code, _, _ = run(capsys, "diff", files["old"], files["planted"], "--symbolic", "--fail-on", "losses")
    assert code == 0
    code, out, _ = run(capsys, "diff", files["planted"], files["old"], "--symbolic", "--fail-on", "losses")
    assert code == 1 and "ACCESS LOST" in out


def test_matrix_symbolic_says_who_can_at_all(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "p.json", {"a:nobody": "role:x and not role:X", "a:auditor": "role:auditor",
                               "a:from-target": "role:%(r)s"})
    code, out, err = run(capsys, "matrix", "p.json", "--symbolic")
    assert code == 1 and "--allow-unknown" in err
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()
            if line.startswith("a:") and not line.split()[0].endswith(":")}
    assert rows == {"a:nobody": "nobody", "a:auditor": "yes", "a:from-target": "unknown"}
    assert "a:auditor: no persona may, but this request can: policykit eval --role=auditor" in out
    code, out, _ = run(capsys, "matrix", "p.json", "--symbolic", "--format", "json", "--allow-unknown")
    assert code == 0
    symbolic = {row["action"]: row["symbolic"]["status"] for row in json.loads(out)["rows"]}
    assert symbolic == {"a:nobody": "same", "a:auditor": "new-access", "a:from-target": "unknown"}
    for fmt in ("csv", "markdown"):
        code, out, _ = run(capsys, "matrix", "p.json", "--symbolic", "--format", fmt, "--allow-unknown")
        assert "unknown" in out and "nobody" in out


def test_without_z3_the_symbolic_mode_is_one_clear_error(tmp_path):
    (tmp_path / "p.json").write_text('{"a": "role:x"}')
    script = ("import sys; sys.modules['z3'] = None\n"
              "from policykit.cli import main\n"
              "sys.exit(main(['matrix', 'p.json', '--symbolic']))")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert "z3-solver" in done.stderr and "Traceback" not in done.stderr and done.stderr.count("\n") <= 3
