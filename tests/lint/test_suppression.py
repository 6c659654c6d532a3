from policykit.findings import Finding, Location, Severity
from policykit.lint.fixes import apply_fixes
from policykit.lint.suppression import parse_directives, removal_fix, suppress, unused_selectors

POLICY = """\
# policykit: ignore[PL102]
"compute:start": "rol:admin"
"compute:stop": "role:admin or not(role:reader)"   # policykit: ignore[unparsable-rule, PL201]
# policykit: ignore[PL101]
# a comment between the directive and its line

"compute:x": "not(role:a)"
"compute:y": "role:admin"  # policykit: ignore PL103
"compute:z": "x"  # not a directive: # policykit is mentioned in prose
"""


def finding(code, line, path="policy.yaml"):
    return Finding(code, "msg", Location(path, line, 1), Severity.ERROR)


def test_own_line_directive_covers_the_next_code_line(catalogue):
    parsed = parse_directives("policy.yaml", POLICY, catalogue)
    covered = {d.line: d.covers_line for d in parsed.directives}
    assert covered == {1: 2, 3: 3, 4: 7}


def test_findings_on_covered_lines_are_suppressed_by_code_or_name(catalogue):
    parsed = {"policy.yaml": parse_directives("policy.yaml", POLICY, catalogue)}
    findings = [finding("PL102", 2), finding("PL101", 3), finding("PL101", 7), finding("PL101", 8), finding("PL102", 3)]
    kept = suppress(findings, parsed, catalogue)
    assert [(f.code, f.location.line) for f in kept] == [("PL101", 8), ("PL102", 3)]


def test_a_directive_does_not_cover_other_files(catalogue):
    parsed = {"policy.yaml": parse_directives("policy.yaml", POLICY, catalogue)}
    assert suppress([finding("PL102", 2, path="other.yaml")], parsed, catalogue)


def test_malformed_directive_is_reported_where_it_stands(catalogue):
    parsed = parse_directives("policy.yaml", POLICY, catalogue)
    assert [(i.location.line, i.location.column) for i in parsed.invalid] == [(8, 28)]  # line 9 only mentions policykit in prose
    assert "malformed suppression comment" in parsed.invalid[0].message


def test_unknown_code_in_a_directive_is_invalid_and_suggests(catalogue):
    parsed = parse_directives("p.yaml", '"a": "b"  # policykit: ignore[PL10]\n"c": "d"  # policykit: ignore[PL1O2]\n', catalogue)
    assert len(parsed.invalid) == 1 and "did you mean PL102" in parsed.invalid[0].message
    assert parsed.directives[0].selectors == [("PL10", "PL10")]


def test_file_ignore_covers_every_line(catalogue):
    text = '"a": "b"\n# policykit: file-ignore[PL1]\n"c": "d"\n'
    parsed = {"p.yaml": parse_directives("p.yaml", text, catalogue)}
    kept = suppress([finding("PL101", 1, "p.yaml"), finding("PL102", 3, "p.yaml"), finding("PL201", 3, "p.yaml")],
                    parsed, catalogue)
    assert [f.code for f in kept] == ["PL201"]


def test_ini_directive_after_a_value_is_invalid_because_it_is_part_of_the_value(catalogue):
    text = "[pipeline:main]\n# policykit: ignore[PS301]\npipeline = context authtoken app\n" \
           "[app:app]\nuse = egg:x  # policykit: ignore[PS301]\n; policykit: ignore[PS301]\nkey = v\n"
    parsed = parse_directives("api-paste.ini", text, catalogue)
    assert [d.covers_line for d in parsed.directives] == [3, 7]
    assert [i.location.line for i in parsed.invalid] == [5]
    assert "part of the value" in parsed.invalid[0].message


def test_unused_selectors_only_for_rules_that_ran(catalogue):
    parsed = parse_directives("policy.yaml", POLICY, catalogue)
    suppress([finding("PL101", 3)], {"policy.yaml": parsed}, catalogue)
    stop = next(d for d in parsed.directives if d.line == 3)
    assert unused_selectors(stop, frozenset({"PL101", "PL201"}), catalogue) == ["PL201"]
    assert unused_selectors(stop, frozenset({"PL101"}), catalogue) == []  # PL201 did not run: proves nothing


def test_removal_fix_drops_only_the_unused_code(catalogue):
    parsed = parse_directives("policy.yaml", POLICY, catalogue)
    stop = next(d for d in parsed.directives if d.line == 3)
    fixed, _ = apply_fixes(POLICY, [removal_fix(stop, POLICY, ["PL201"])])
    assert fixed.splitlines()[2] == '"compute:stop": "role:admin or not(role:reader)"   # policykit: ignore[unparsable-rule]'


def test_removal_fix_deletes_a_trailing_comment_entirely(catalogue):
    text = '"a": "b"   # policykit: ignore[PL101]\n"c": "d"\n'
    (directive,) = parse_directives("p.yaml", text, catalogue).directives
    fixed, _ = apply_fixes(text, [removal_fix(directive, text, ["PL101"])])
    assert fixed == '"a": "b"\n"c": "d"\n'


def test_removal_fix_deletes_an_own_line_comment_with_its_newline(catalogue):
    text = '"a": "b"\r\n# policykit: ignore[PL101]\r\n"c": "d"\r\n'
    (directive,) = parse_directives("p.yaml", text, catalogue).directives
    assert directive.covers_line == 3
    fixed, _ = apply_fixes(text, [removal_fix(directive, text, ["PL101"])])
    assert fixed == '"a": "b"\r\n"c": "d"\r\n'


def test_line_numbers_follow_the_yaml_reader_line_breaks(catalogue):
    # PyYAML ends a line at U+2028; a form feed is not a line break for it
    text = '"a": "x\u2028y"\n"b": "\x0c"  # policykit: ignore[PL101]\n'
    (directive,) = parse_directives("p.yaml", text, catalogue).directives
    assert directive.line == 3 and directive.covers_line == 3
    (ini_directive,) = parse_directives("x.ini", "[a]\n# policykit: ignore[PS301]\nk = v\x0cw\n", catalogue).directives
    assert ini_directive.covers_line == 3


def test_a_reason_may_follow_the_brackets(catalogue):
    text = '"a": ""  # policykit: ignore[PL201] the public image list\n'
    parsed = parse_directives("p.yaml", text, catalogue)
    assert parsed.invalid == [] and parsed.directives[0].selectors == [("PL201", "PL201")]
    fixed, _ = apply_fixes(text, [removal_fix(parsed.directives[0], text, ["PL201"])])
    assert fixed == '"a": ""\n'


def test_semicolon_comments_count_only_in_ini_files(catalogue):
    assert parse_directives("p.yaml", "; policykit: ignore[PL101]\na: b\n", catalogue).directives == []
    assert len(parse_directives("x.ini", "; policykit: ignore[PS301]\na = b\n", catalogue).directives) == 1
