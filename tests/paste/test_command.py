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
