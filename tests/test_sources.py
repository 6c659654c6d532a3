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
    except (yaml.YAMLError, KeyError, ValueError):  # ``!!bool maybe`` is a KeyError inside PyYAML
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
        # tags on collections, unknown and Python tags: safe_load refuses them
        "r: !foo [role:a]\n",
        "r: !foo {a: b}\n",
        "r: !!python/object/apply:os.system [echo hi]\n",
        "!!python/object/apply:os.system [echo hi]\n",
        "r: !!map [a]\n",
        "r: !!seq {a: b}\n",
        "r: !!seq [role:a]\n",
        "r: !!map {a: b}\n",
        # merge keys, as PyYAML flattens them (the mapping's own keys win; earlier merges win)
        "b: &b {x: '1', y: '2'}\nc:\n  <<: *b\n  y: '3'\n",
        "p: &p {x: '1'}\nq: &q {x: '2', z: '3'}\nc: {<<: [*p, *q], w: '4'}\n",
        "base: &b {r: 'role:a'}\n<<: *b\n",
        "c: {<<: 'x'}\n",
        "c: {<<: ['x']}\n",
        "c: {a: <<}\n",
        # scalar tags that construct, or do not
        "r: !!bool maybe\n",
        "r: !!int x\n",
        "r: !!float y\n",
        "r: !!str 5\n",
        "r: !!binary aGk=\n",
        # aliases: shared values, undefined and duplicate anchors
        "a: &x [1, 2]\nb: *x\n",
        "a: *x\n",
        "a: &x 1\nb: &x 2\n",
        # keys PyYAML cannot hash
        "? [a, b]\n: c\n",
        "? {a: b}\n: c\n",
    ],
)
def test_values_match_safe_load(text):
    assert ours_or_error(text) == safe_load_or_error(text)


@pytest.mark.parametrize("text, message", [
    ("!!set {a, b}\n", "policykit does not read !!set values"),
    ("r: !!omap [{a: b}]\n", "policykit does not read !!omap values"),
    ('{"r": "\\ud800"}\n', "lone surrogate"),
    ('{"name": "x\\udc80y"}\n', "lone surrogate"),
    ("a: &a [*a]\n", "refers to a node that contains it"),
])
def test_what_policykit_will_not_read_is_one_located_error(text, message):
    """safe_load reads these (a set, a string no UTF-8 output can hold, an infinite list);
    policykit refuses them with the position instead of guessing or crashing later."""
    with pytest.raises(InputError) as caught:
        parse_text(text, "p.yaml")
    assert message in caught.value.message and caught.value.location.line == 1


def test_aliases_are_shared_not_copied():
    text = "a: &a [x, y]\nb: [*a, *a, *a]\n"
    document = parse_text(text, "p.yaml")
    (_, a), (_, b) = document.root.items()
    assert all(item is a for item in b.value)
    value = to_python(document.root)
    assert value == yaml.safe_load(text) and value["b"][0] is value["b"][1] is value["a"]
    # root + (key a + [x, y]) + (key b + [three times [x, y]]): what expanding would build
    assert document.expanded_size == 1 + (1 + 3) + (1 + (1 + 3 * 3))


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
