"""Generated policy files: policykit loads what oslo.policy's ``Rules.load`` loads.

Files are assembled from the pieces that matter in practice — quoted and plain keys,
duplicates, every null spelling, ``!``, ``@``, lists, booleans and numbers, comments,
tabs, JSON with trailing commas — and must give the same rules (by ``str``) or both
fail; the YAML reading layer must give what ``yaml.safe_load`` gives.
"""

from __future__ import annotations

import logging
import os

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from oslo_policy import policy as oslo_policy

from policykit.errors import InputError
from policykit.policy.document import policy_document_from_text
from policykit.sources import parse_text, to_python

IN_CI = bool(os.environ.get("CI"))


def budget(ci_examples: int) -> settings:
    return settings(max_examples=ci_examples if IN_CI else max(25, ci_examples // 100))


@pytest.fixture(autouse=True, scope="module")
def quiet_oslo():
    logger = logging.getLogger("oslo_policy")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(previous)


def oslo_outcome(text):
    try:
        return {name: str(check) for name, check in oslo_policy.Rules.load(text, "default").items()}
    except Exception:  # noqa: BLE001 - only "it cannot load" matters here
        return "fails"


def our_outcome(text):
    try:
        document = policy_document_from_text(text, "policy.yaml")
        document.raise_errors()
    except InputError:
        return "fails"
    return {name: str(check) for name, check in document.rules.items()}


KEYS = ['a', '"a"', "'a'", 'b', '"os:get"', 'os:get', '"x y"', '1', 'true', '"default"', 'null']
VALUES = [
    '"role:a"', "'role:b or role:c'", 'role:a', '""', "''", '"@"', '"!"', '!', '', '~', 'null', 'NULL',
    'true', 'no', '0', '5', '1.5', '[]', '[[]]', '["role:a", "role:b"]', '[["role:a", "role:b"], ["x"]]',
    '"not foo"', 'rule:a #comment', '"a\\tb:c"', '{}', '!!str 5', '"%(x)s:y"', '@', 'a: b', '-1',
]
SEPARATORS = [": ", ":  ", " : ", ":\t", ":"]


@st.composite
def yaml_policies(draw):
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append(draw(st.sampled_from(["# comment", "", "   ", "\t"])))
        else:
            lines.append(draw(st.sampled_from(KEYS)) + draw(st.sampled_from(SEPARATORS)) + draw(st.sampled_from(VALUES)))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n---\n", "\n...\n"]))


@st.composite
def json_policies(draw):
    pairs = draw(st.lists(st.tuples(st.sampled_from(['"a"', '"b"', '"os:get"', "1"]),
                                    st.sampled_from(['"role:a"', '""', '"@"', "null", "true", "[]", '["role:a"]', "0"])),
                          max_size=5))
    indent = draw(st.sampled_from(["    ", "  ", "\t", ""]))
    separator = draw(st.sampled_from([",\n", ", ", ","]))
    body = separator.join(f"{indent}{key}: {value}" for key, value in pairs)
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    return "{\n" + body + trailing + "\n}\n"


@given(st.one_of(yaml_policies(), json_policies()))
@budget(1_200)
def test_generated_files_load_like_oslo(text):
    assert our_outcome(text) == oslo_outcome(text)


yaml_soup = st.text(alphabet=':"\'-[]{},#!&*~@|>?% \t\n\rab1\u2028\x85\ufeff\x07\u00a0', max_size=40)


@given(st.one_of(yaml_policies(), json_policies(), yaml_soup))
@budget(1_500)
def test_yaml_layer_gives_what_safe_load_gives(text):
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(InputError):
            parse_text(text, "policy.yaml")
        return
    try:
        document = parse_text(text, "policy.yaml")
    except InputError:
        pytest.fail(f"yaml.safe_load reads {text!r} but policykit does not")
    assert to_python(document.root) == expected


@pytest.mark.parametrize("text", [
    "r: !foo [role:a]\n",
    "r: !foo {role:a: x}\n",
    "r: !!python/object/apply:os.system [echo hi]\n",
    "!!set {a, b}\n",
    "!!python/object/apply:os.system [echo hi]\n",
    "r: !!bool maybe\n",
    "r: !!str [role:a]\n",
    "base: &b {r: 'role:a'}\n<<: *b\n",
    "x: &x 'role:a'\ny: *x\nz: [*x, ['role:b', *x]]\n",
    "b: &b {r: 'role:a'}\nc: {<<: *b}\n",
    'a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n',
    "? [a, b]\n: role:a\n",
])
def test_tags_merge_keys_and_aliases_load_like_oslo(text):
    """Tags on collections, Python tags, a top-level set, merge keys, shared aliases:
    the same rules as oslo.policy's ``Rules.load``, or both refuse the file."""
    assert our_outcome(text) == oslo_outcome(text)
