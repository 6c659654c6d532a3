from policykit.findings import Finding, Fix, Location
from policykit.lint.fixes import FixOutcome, apply_fixes, plan_fixes, read_exact, unified_diff, write_outcome


def test_non_overlapping_fixes_apply_together():
    text = "abcdefghij"
    fixed, applied = apply_fixes(text, [Fix(7, 9, "XY"), Fix(0, 1, ""), Fix(3, 3, "+")])
    assert fixed == "bc+defgXYj"
    assert len(applied) == 3


def test_overlapping_fix_waits_for_the_next_round():
    fixed, applied = apply_fixes("abcdef", [Fix(1, 4, "X"), Fix(2, 5, "Y")])
    assert fixed == "aXef" and applied == (Fix(1, 4, "X"),)


def test_adjacent_fixes_do_not_overlap():
    fixed, _ = apply_fixes("abcdef", [Fix(0, 2, "1"), Fix(2, 4, "2")])
    assert fixed == "12ef"


def test_two_insertions_at_one_point_are_ambiguous_so_one_waits():
    fixed, applied = apply_fixes("ab", [Fix(1, 1, "X"), Fix(1, 1, "Y")])
    assert fixed == "aXb" and len(applied) == 1


def test_identical_fixes_from_two_findings_apply_once():
    fixed, applied = apply_fixes("ab", [Fix(0, 1, "A"), Fix(0, 1, "A")])
    assert fixed == "Ab" and len(applied) == 1


def test_stale_offsets_are_skipped():
    fixed, applied = apply_fixes("ab", [Fix(1, 9, "X")])
    assert fixed == "ab" and applied == ()


def test_plan_and_write_keep_crlf_and_utf8(tmp_path):
    path = tmp_path / "policy.yaml"
    text = '"é": !\r\n"b": "@"\r\n'
    path.write_bytes(text.encode())
    start = text.index("!")
    finding = Finding("PL201", "m", Location(str(path), 1, 6), fix=Fix(start, start + 1, '"!"'))
    (outcome,) = plan_fixes([finding, Finding("PL101", "no fix", Location(str(path), 2))])
    write_outcome(outcome)
    assert path.read_bytes() == '"é": "!"\r\n"b": "@"\r\n'.encode()
    assert read_exact(str(path)) == '"é": "!"\r\n"b": "@"\r\n'


def test_unified_diff_names_both_sides():
    diff = unified_diff(FixOutcome("p.yaml", "a: !\nb: c\n", 'a: "!"\nb: c\n', ()))
    assert diff.splitlines()[:2] == ["--- a/p.yaml", "+++ b/p.yaml"]
    assert '-a: !' in diff.splitlines() and '+a: "!"' in diff.splitlines()


def test_diff_marks_a_missing_final_newline():
    diff = unified_diff(FixOutcome("p.yaml", "a: !", 'a: "!"', ()))
    assert "\\ No newline at end of file" in diff
