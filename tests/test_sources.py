"""The positioned reader must give exactly what yaml.safe_load gives (what oslo.policy reads)."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from policykit.errors import InputError
from policykit.sources import parse_text, to_python


def safe_load_or_error(text):
    try:
        return ("ok", yaml.safe_load(text))
    except yaml.YAMLError:
        return ("error", None)


def ours_or_error(text):
    try:
        return ("ok", to_python(parse_text(text, "p.yaml").root))
    except InputError:
        return ("error", None)


@pytest.mark.parametrize(
    "text",
    [
        "a: !\n",
        "a: ! \nb: x\n",
        "a: !!str\n",
        "a: ~\nb:\nc: null\nd: ''\n",
        '{"a": "x", "a": "y"}',
        '{\n\t"a": "b"\n}',
        '{\n "a": "b",\n}',
        "a: [role:x, [role:y, role:z]]\n",
        "a: yes\nb: 1\nc: 1.5\nd: 2001-12-14\n",
        "1: x\n",
        "",
        "# only a comment\n",
    ],
)
def test_values_match_safe_load(text):
    assert ours_or_error(text) == safe_load_or_error(text)


scalar = st.one_of(
    st.sampled_from(["!", "~", "", "null", "'!'", '"@"', "role:a", "yes", "01", "1e3", "! x", "!!str", "\t", "[]", "{}"]),
    st.text(alphabet=string.ascii_letters + ":%()'\" !@~-", max_size=8),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", '"a"', "rule:x"]), scalar), max_size=5), st.booleans())
def test_generated_documents_match_safe_load(pairs, flow):
    if flow:
        text = "{" + ",\n ".join(f"{k}: {v}" for k, v in pairs) + "}"
    else:
        text = "".join(f"{k}: {v}\n" for k, v in pairs)
    assert ours_or_error(text) == safe_load_or_error(text)


def test_every_duplicate_key_is_kept_with_its_line():
    doc = parse_text('a: "x"\nb: y\na: z\n', "p.yaml")
    keys = [(key.value, key.line, key.column) for key, _ in doc.root.items()]
    assert keys == [("a", 1, 1), ("b", 2, 1), ("a", 3, 1)]


def test_tab_indented_json_fails_with_location_and_hint():
    with pytest.raises(InputError) as caught:
        parse_text('{\n\t"a": "b"\n}', "policy.json")
    error = caught.value
    assert (error.location.path, error.location.line, error.location.column) == ("policy.json", 2, 1)
    assert "tab" in error.hint
