"""`policykit paste`: resolved pipelines with lines, the service's choice, findings, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from policykit.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_text_shows_the_selection_and_the_pipeline(capsys, tmp_path):
    conf = tmp_path / "glance-api.conf"
    conf.write_text("[paste_deploy]\nflavor = keystone\n")
    code = main(["paste", str(EXAMPLES / "paste" / "glance-api-paste.ini"), "--config", str(conf), "--selected-only"])
    out = capsys.readouterr().out
    assert "glance loads 'glance-api-keystone': flavor = keystone (glance-api.conf:2)" in out
    assert "[composite:api] key 'keystone'" in out
    assert "authtoken" in out and "line 83" in out  # [filter:authtoken] is defined on line 83
    assert "[composite:glance-api-caching]" not in out
    assert code == 0


def test_json_and_findings_exit_1(capsys):
    code = main(["paste", str(EXAMPLES / "paste" / "nova-api-paste.ini"), "--config", str(EXAMPLES / "conf" / "nova.conf"),
                 "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["service"] == "nova"
    osapi = next(s for s in data["selections"] if s["app"] == "osapi_compute")
    assert not osapi["loads"] and osapi["error"]["category"] == "missing-section"
    codes = [f["code"] for f in data["findings"]]
    assert "PS120" in codes and "PS106" not in codes  # the stray option is explained once, as what it is
    metadata = next(r for r in data["roots"] if r["name"] == "metadata")
    assert [s["name"] for s in metadata["branches"][0]["stages"]] == ["cors", "http_proxy_to_wsgi", "metaapp"]


def test_missing_file_exit_2(capsys, tmp_path):
    assert main(["paste", str(tmp_path / "nope-paste.ini")]) == 2
    assert "no such file" in capsys.readouterr().err


def _glance(tmp_path, monkeypatch):
    import shutil

    shutil.copy(EXAMPLES / "paste" / "glance-api-paste.ini", tmp_path / "glance-api-paste.ini")
    (tmp_path / "glance-api.conf").write_text("[paste_deploy]\nflavor = keystone\n")
    monkeypatch.chdir(tmp_path)


def test_selected_only_shows_the_flavor_branches_the_service_loads(capsys, tmp_path, monkeypatch):
    _glance(tmp_path, monkeypatch)
    main(["paste", "glance-api-paste.ini", "--config", "glance-api.conf", "--selected-only"])
    out = capsys.readouterr().out
    branches = [line.strip() for line in out.splitlines() if line.startswith("    [composite:")]
    # glance's pipeline_factory loads the key named by the flavor: never the unauthenticated `default`.
    assert branches and all("key 'keystone'" in b for b in branches if "[composite:api]" in b)
    assert "key 'default'" not in out and "unauthenticated-context" not in out.split("\n\n")[1]
    main(["paste", "glance-api-paste.ini", "--config", "glance-api.conf"])
    assert "key 'default'" in capsys.readouterr().out  # without the option every branch is shown


def test_paths_are_display_paths_and_proxy_parsing_is_one_finding(capsys, tmp_path, monkeypatch):
    _glance(tmp_path, monkeypatch)
    main(["paste", "glance-api-paste.ini", "--config", "glance-api.conf", "--format", "text"])
    out = capsys.readouterr().out
    assert str(tmp_path) not in out
    main(["paste", "glance-api-paste.ini", "--config", "glance-api.conf", "--format", "json"])
    assert str(tmp_path) not in capsys.readouterr().out
    (ps308,) = [line for line in out.splitlines() if "PS308" in line]
    assert ps308.startswith("glance-api-paste.ini:48:") and "off in glance-api.conf (default false)" in ps308
    assert main(["lint", "--isolated", "--format", "json", "--config", "glance-api.conf", "glance-api-paste.ini"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert str(tmp_path) not in json.dumps(records)
    assert [r["code"] for r in records].count("PS308") == 1
