"""The reader reads exactly what configparser reads, reports every problem, and knows where."""

from __future__ import annotations

import configparser
import os

from hypothesis import example, given, settings, strategies as st

from policykit.paste.document import ProblemKind, SectionKind
from policykit.paste.reader import first_parse_error, read_paste_text

PATH = "/etc/glance/glance-api-paste.ini"

_names = st.sampled_from(["pipeline", "use", "Pipeline", "paste.filter_factory", "set debug", "x", "a b", "%x"])
_values = st.sampled_from(["", "f1 app", "egg:Paste#urlmap", "a # b", "%(here)s/x", "50%", "%(nosuch)s", "%%",
                           "%(x)s", "m:f", "v: w"])
_line = st.one_of(
    st.builds(lambda h: f"[{h}]", st.sampled_from(["app:main", "filter:f1", "DEFAULT", "pipeline:main", "app: main",
                                                   "composite:x", "App:main", "app"])),
    st.builds(lambda k, d, v: f"{k} {d} {v}", _names, st.sampled_from(["=", ":"]), _values),
    st.builds(lambda v: f"    {v}", _values),
    st.sampled_from(["", "# comment", "  ; indented comment", "no delimiter here", "   ", "= orphan value"]),
)


def _configparser(text: str):
    parser = configparser.ConfigParser(defaults={"here": os.path.dirname(PATH), "__file__": PATH})
    parser.optionxform = str
    parser.read_string(text, source=PATH)
    return parser


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, max_size=14))
# After "= value" (a key with no name) configparser continues no key: the indented line is a new one.
@example(lines=["[app:main]", "    egg:Paste#urlmap", "= orphan value", "    egg:Paste#urlmap"])
def test_same_sections_keys_and_values_as_configparser(lines):
    text = "\n".join(lines) + "\n"
    model = read_paste_text(text, PATH)
    try:
        parser = _configparser(text)
    except configparser.Error as exc:
        expected = {
            configparser.MissingSectionHeaderError: ProblemKind.MISSING_SECTION_HEADER,
            configparser.DuplicateSectionError: ProblemKind.DUPLICATE_SECTION,
            configparser.DuplicateOptionError: ProblemKind.DUPLICATE_OPTION,
            configparser.ParsingError: ProblemKind.NO_DELIMITER,
        }[type(exc)]
        problem = first_parse_error(model)
        assert problem is not None and problem.kind is expected
        if hasattr(exc, "lineno") and exc.lineno is not None:
            assert problem.location.line == exc.lineno
        return
    assert first_parse_error(model) is None
    assert [s.header for s in model.sections] == parser.sections()
    assert {k.name: k.raw for k in model.defaults.keys} == {
        k: v for k, v in parser._defaults.items() if k not in ("here", "__file__")}
    for section in model.sections:
        own = {k: v for k, v in parser._sections[section.header].items()}
        assert {k.name: k.raw for k in section.keys} == own
        for key in section.keys:
            try:
                expected = parser.get(section.header, key.name)
            except configparser.InterpolationError as exc:
                assert key.value is None and key.interpolation_error.endswith(str(exc))
            else:
                assert key.value == expected


def test_every_problem_is_reported_with_its_line():
    text = """[pipeline:main]
pipeline = f1 app
pipeline = app
authtoken
[filter:f1]
paste.filter_factory = m:f
[filter:f1]
x = 50%
y = %(nosuch)s
oops
"""
    model = read_paste_text(text, PATH)
    found = [(p.kind, p.location.line) for p in model.problems]
    assert found == [
        (ProblemKind.DUPLICATE_OPTION, 3),
        (ProblemKind.NO_DELIMITER, 4),
        (ProblemKind.DUPLICATE_SECTION, 7),
        (ProblemKind.INTERPOLATION_SYNTAX, 8),
        (ProblemKind.INTERPOLATION_MISSING, 9),
        (ProblemKind.NO_DELIMITER, 10),
    ]
    # configparser raises the first immediate error: the duplicate option of line 3
    assert first_parse_error(model).location.line == 3


def test_positions_kinds_and_continuations():
    text = """# header comment
[DEFAULT]
log_dir = %(here)s/log

[pipeline:main]
pipeline =
    f1
    # a comment inside the value
    app1
[filter: f1]
paste.filter_factory = m:f
  label = f1
[pipline:x]
[app]
"""
    model = read_paste_text(text, PATH)
    assert model.defaults.get("log_dir").value == "/etc/glance/log"
    pipeline = model.section("pipeline:main")
    key = pipeline.get("pipeline")
    assert (pipeline.line, key.line, key.end_line) == (5, 6, 9)
    assert key.raw == "\nf1\napp1" and key.value_location.line == 7 and key.value_location.column == 5
    f1 = model.section("filter: f1")
    assert (f1.prefix, f1.name, f1.kind) == ("filter", "f1", SectionKind.FILTER)
    # the indented line is glued onto the factory value, as configparser does
    assert f1.get("paste.filter_factory").raw == "m:f\nlabel = f1"
    assert model.section("pipline:x").kind is SectionKind.UNKNOWN
    assert model.section("app").kind is SectionKind.UNKNOWN


def test_relaxed_interpolation_for_swift():
    text = "[filter:x]\nuse = egg:swift#x\nlog_format = 50%\nlog_name = %(here)s\n"
    strict = read_paste_text(text, PATH)
    relaxed = read_paste_text(text, PATH, relaxed_interpolation=True)
    assert [p.kind for p in strict.problems] == [ProblemKind.INTERPOLATION_SYNTAX]
    assert relaxed.problems == ()
    assert relaxed.section("filter:x").get("log_name").value == "/etc/glance"
