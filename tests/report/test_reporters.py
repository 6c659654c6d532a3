import json
from pathlib import Path

import jsonschema
import pytest

from policykit.findings import Finding, Fix, Location, Severity
from policykit.report import render
from policykit.report.github import render_github
from policykit.report.json_report import FIELDS
from policykit.report.text import render_text, statistics, summary

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

SOURCE = '"compute:start": "rol:admin"\n\t"x": "y"\n'


def findings(root: Path):
    path = str(root / "etc" / "policy.yaml") if root else "etc/policy.yaml"
    return [
        Finding("PL102", "unknown check kind 'rol'", Location(path, 1, 19, 1, 28), Severity.ERROR,
                hint="did you mean role:?", subject="compute:start", fix=Fix(18, 21, "role")),
        Finding("PL201", "empty rule allows everyone, 100% sure", Location(path, 2, 7), Severity.WARNING, subject="x"),
        Finding("PS301", "context before auth", Location("api-paste.ini"), Severity.INFO),
    ]


def test_text_line_then_hint(catalogue):
    out = render_text(findings(None))
    assert out.splitlines() == [
        "etc/policy.yaml:1:19: PL102 [error] unknown check kind 'rol'",
        "    hint: did you mean role:?",
        "etc/policy.yaml:2:7: PL201 [warning] empty rule allows everyone, 100% sure",
        "api-paste.ini: PS301 [info] context before auth",
    ]


def test_concise_is_one_line_per_finding(catalogue):
    assert len(render_text(findings(None), style="concise").splitlines()) == 3


def test_full_shows_the_source_line_with_a_caret_under_the_span(catalogue):
    out = render_text(findings(None), style="full", sources={"etc/policy.yaml": SOURCE}).splitlines()
    assert out[1] == '  1 | "compute:start": "rol:admin"'
    assert out[2] == "    | " + " " * 18 + "^" + "~" * 8
    # a tab before the column is kept so the caret lines up
    assert out[5] == "  2 | \t\"x\": \"y\""
    assert out[6] == "    | \t" + " " * 5 + "^"


def test_summary_and_statistics(catalogue):
    items = findings(None)
    assert summary(items) == "Found 3 findings: 1 error, 1 warning, 1 info. (1 fixable with --fix)"
    assert summary([]) == "All checks passed."
    assert summary([], fixed=2) == "Fixed 2 findings. All checks passed."
    table = statistics(items + items[:1], catalogue).splitlines()
    assert table[0] == "2  PL102  [error]  [*] misspelt-check-kind"


def test_json_schema_is_stable(catalogue):
    records = json.loads(render("json", findings(None), catalogue))
    assert [tuple(record) for record in records] == [FIELDS] * 3
    assert records[0] == {
        "code": "PL102", "name": "misspelt-check-kind", "severity": "error", "message": "unknown check kind 'rol'",
        "hint": "did you mean role:?", "path": "etc/policy.yaml", "line": 1, "column": 19, "end_line": 1,
        "end_column": 28, "subject": "compute:start",
    }
    assert records[2]["line"] is None and records[2]["subject"] is None


def test_github_annotations_escape_and_map_levels():
    item = Finding("PL101", "bad: a,b\n100%", Location("dir,x/p:1.yaml", 3, 4, 3, 9), Severity.ERROR, hint="h")
    (line,) = render_github([item]).splitlines()
    assert line == "::error file=dir%2Cx/p%3A1.yaml,line=3,col=4,endLine=3,endColumn=9,title=PL101::bad: a,b%0A100%25%0Ahint: h"
    out = render_github(findings(None)).splitlines()
    assert out[1].startswith("::warning file=etc/policy.yaml,line=2,col=7,title=PL201::")
    assert out[2] == "::notice file=api-paste.ini,title=PS301::context before auth"


def test_github_leaves_columns_out_of_multi_line_spans():
    item = Finding("PL101", "m", Location("p.yaml", 3, 4, 5, 2))
    assert render_github([item]).startswith("::warning file=p.yaml,line=3,col=4,endLine=5,title=PL101::")


def sarif(catalogue, tmp_path, items=None, sources=None):
    items = findings(tmp_path) if items is None else items
    return json.loads(render("sarif", items, catalogue, sources=sources, root=str(tmp_path)))


def test_sarif_is_valid_against_the_official_schema(catalogue, tmp_path):
    log = sarif(catalogue, tmp_path, sources={str(tmp_path / "etc" / "policy.yaml"): SOURCE})
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_has_what_github_code_scanning_requires(catalogue, tmp_path):
    run = sarif(catalogue, tmp_path)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(rules) == {rule.code for rule in catalogue}
    for rule in rules.values():
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip()
        assert rule["help"]["markdown"].startswith(f"# {rule['id']} ")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["tags"]
    assert rules["PL201"]["properties"]["security-severity"] == "9.1"
    assert "security" in rules["PL201"]["properties"]["tags"]
    assert "security-severity" not in rules["PL101"]["properties"]
    assert rules["PS301"]["defaultConfiguration"]["level"] == "warning"
    first = run["results"][0]
    assert first["ruleId"] == "PL102" and first["message"]["text"].startswith("unknown check kind")
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "PL102"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "etc/policy.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 19, "endLine": 1, "endColumn": 28}
    assert run["results"][2]["level"] == "note"
    assert all(result["partialFingerprints"]["primaryLocationLineHash"] for result in run["results"])


def test_sarif_file_outside_the_root_gets_an_absolute_file_uri(catalogue, tmp_path):
    elsewhere = tmp_path.parent / "elsewhere.yaml"
    item = Finding("PL101", "m", Location(str(elsewhere), 1, 1))
    log = sarif(catalogue, tmp_path, [item])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": elsewhere.resolve().as_uri()}


def test_sarif_fingerprint_survives_a_line_move_and_counts_repeats(catalogue, tmp_path):
    def fingerprint(line, subject="compute:start"):
        item = Finding("PL102", "m", Location("p.yaml", line, 1), subject=subject)
        return sarif(catalogue, tmp_path, [item])["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"]

    assert fingerprint(3) == fingerprint(30)
    assert fingerprint(3) != fingerprint(3, subject="compute:stop")
    twice = [Finding("PL102", "m", Location("p.yaml", n, 1), subject="s") for n in (1, 2)]
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif(catalogue, tmp_path, twice)["runs"][0]["results"]]
    assert prints[0].split(":")[0] == prints[1].split(":")[0] and prints[0] != prints[1]


def test_sarif_related_locations_are_capped_at_ten(catalogue, tmp_path):
    related = tuple(Location("p.yaml", n) for n in range(1, 15))
    item = Finding("PL101", "duplicate", Location("p.yaml", 20, 1), related=related)
    log = sarif(catalogue, tmp_path, [item])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert len(log["runs"][0]["results"][0]["relatedLocations"]) == 10


def test_unknown_format_is_refused(catalogue):
    with pytest.raises(ValueError):
        render("xml", [], catalogue)


def test_the_schema_check_is_not_vacuous(catalogue, tmp_path):
    log = sarif(catalogue, tmp_path)
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_sarif_describes_codes_outside_the_catalogue(catalogue, tmp_path):
    item = Finding("CT000", "catalog must be a list", Location("token.json", 1, 23), Severity.ERROR)
    log = sarif(catalogue, tmp_path, [item])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    descriptor = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert descriptor["id"] == "CT000" and descriptor["help"]["text"]


def test_sarif_file_level_finding_points_at_the_first_line(catalogue, tmp_path):
    item = Finding("PK002", "not linted", Location("notes.txt"))
    region = sarif(catalogue, tmp_path, [item])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1}


def test_full_shows_a_window_of_a_very_long_line():
    line = '{"a": "role:x", ' + ", ".join(f'"k{n}": "role:y"' for n in range(100)) + ', "z": "rol:admin"}'
    column = line.index("rol:admin") + 1
    item = Finding("PL102", "m", Location("p.json", 1, column, 1, column + 3))
    out = render_text([item], style="full", sources={"p.json": line + "\n"}).splitlines()
    source, caret = out[1], out[2]
    assert len(source) < 140 and source.startswith("  1 | ...")
    assert source[caret.index("^"):caret.index("^") + 3] == "rol"
    assert caret.endswith("^~~")
