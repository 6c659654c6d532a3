"""Properties of the fix and suppression machinery over generated inputs (small example counts)."""

from hypothesis import given, settings, strategies as st

from policykit.findings import Fix
from policykit.lint.fixes import apply_fixes
from policykit.lint.suppression import parse_directives, split_lines

TEXT = st.text(alphabet=st.sampled_from('ab #:[]\n\r\t"policykit,ignorePL1'), max_size=80)


@st.composite
def text_and_fixes(draw):
    text = draw(st.text(alphabet="abc\n", max_size=40))
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    fixes = [Fix(a, b, draw(st.text(alphabet="XY", max_size=3))) for a, b in zip(points[::2], points[1::2])]
    return text, fixes


@settings(max_examples=150, deadline=None)
@given(text_and_fixes())
def test_applying_fixes_together_equals_applying_them_back_to_front(case):
    text, fixes = case
    fixed, applied = apply_fixes(text, fixes)
    expected = text
    for fix in sorted(applied, key=lambda f: f.start, reverse=True):
        expected = expected[:fix.start] + fix.replacement + expected[fix.end:]
    assert fixed == expected
    # nothing applied overlaps
    spans = sorted((f.start, f.end) for f in applied)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_lines_cover_the_text_exactly(text):
    lines = split_lines(text)
    assert "".join(text[start:end] for _, start, end in lines) == text
    assert all("\n" not in line and "\r" not in line for line, _, _ in lines)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_any_text_parses_into_directives_that_point_inside_it(text):
    from policykit.rules import rules_in

    rules = tuple(rules_in("policykit.lint.rules"))
    parsed = parse_directives("p.yaml", text, rules)
    line_count = len(split_lines(text))
    for directive in parsed.directives:
        assert 1 <= directive.line <= line_count
        assert directive.covers_line is None or directive.line <= directive.covers_line <= line_count
        assert 0 <= directive.start <= directive.end <= len(text)
