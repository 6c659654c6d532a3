"""Policy documents: the rules oslo.policy ends up with, and where each came from."""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from policykit.errors import InputError
from policykit.policy.document import load_policy_document, policy_document_from_text

POSITION = re.compile(r"\S+\.(yaml|json):\d+:\d+")


@pytest.fixture(autouse=True, scope="module")
def quiet_oslo():
    logger = logging.getLogger("oslo_policy")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(previous)


def oslo_rules(text: str):
    """What ``Rules.load`` gives (str of each check), or the exception class it raises."""
    try:
        return {name: str(check) for name, check in oslo_policy.Rules.load(text, "default").items()}
    except Exception as exc:  # noqa: BLE001 - the class is what is compared
        return type(exc).__name__


def our_rules(text: str, path: str = "policy.yaml"):
    try:
        document = policy_document_from_text(text, path)
        document.raise_errors()
    except InputError:
        return "InputError"
    return {name: str(check) for name, check in document.rules.items()}


AGREEING = {
    "duplicates": '"a": "role:x"\n"b": "@"\n"a": "role:y"\n',
    "nulls": 'a:\nb: ~\nc: null\nd: !\ne: "!"\nf: ""\ng: Null\n',
    "trailing comma": '{"a": "role:x", "b": "@",}\n',
    "json": '{\n    "admin": "role:admin",\n    "owner": "project_id:%(project_id)s",\n'
            '    "x": "rule:admin or rule:owner"\n}\n',
    "falsy scalars": "a: false\nb: 0\nc: []\nd: ''\n",
    "comment": "a: role:x #c\n# nothing\n",
    "list syntax": 'a: [["role:a", "role:b"], ["role:c"]]\nb: ["role:a", "role:b"]\nc: [[]]\nd: {b: c}\n',
    "non-string key": '1: "@"\ntrue: "!"\n',
    "anchors": 'a: &x "role:a or role:b"\nb: *x\n',
    "block scalar": "a: >\n  role:a or\n  role:b\n",
    "quoted escapes": 'a: "role:a\\tor role:b"\nb: \'it\'\'s:x\'\n',
}


@pytest.mark.parametrize("text", AGREEING.values(), ids=AGREEING.keys())
def test_rules_are_the_rules_oslo_loads(text):
    expected = oslo_rules(text)
    assert isinstance(expected, dict)
    assert our_rules(text) == expected


FAILING = {
    "tabs in json": '{\n\t"a": "role:x"\n}\n',
    "boolean value": 'a: true\n',
    "number value": 'a: 5\n',
    "date value": 'a: 2020-01-01\n',
    "top-level list": '- "role:a"\n',
    "top-level scalar": 'role:a\n',
    "several documents": 'a: "@"\n---\nb: "!"\n',
    "unquoted at": 'a: @\n',
    "unquoted colon value": 'a: role: x\n',
    "long json key": '{"' + "k" * 1100 + '": "@"}\n',
    "unhashable key": '? [a]\n: "@"\n',
}


@pytest.mark.parametrize("text", FAILING.values(), ids=FAILING.keys())
def test_files_oslo_cannot_load_are_input_errors(text):
    assert isinstance(oslo_rules(text), str)  # oslo raises
    assert our_rules(text) == "InputError"


@pytest.mark.parametrize("text, where", [
    ('{\n\t"a": "role:x"\n}\n', "policy.json:2:1"),
    ('a: true\n', "policy.json:1:4"),
    ('- "role:a"\n', "policy.json:1:1"),
    ('a: "@"\n---\nb: "!"\n', "policy.json:2:1"),
    ('a: "x"\nb: @\n', "policy.json:2:4"),
])
def test_bad_input_messages_say_where(text, where):
    with pytest.raises(InputError) as raised:
        policy_document_from_text(text, "policy.json").raise_errors()
    assert str(raised.value).startswith(where), str(raised.value)


@pytest.mark.parametrize("text, advice", [
    ('a: "@"\n---\nb: "!"\n', "single YAML document"),
    ("a: role: x\n", "quote the rule"),
    ('{"a": "b" "c": "d"}', "commas and quotes"),
    ("a: [\n", "fix the syntax"),
])
def test_syntax_errors_say_what_to_do(text, advice):
    with pytest.raises(InputError) as raised:
        policy_document_from_text(text, "policy.yaml")
    assert advice in str(raised.value)


def test_tab_message_says_what_to_do():
    with pytest.raises(InputError) as raised:
        policy_document_from_text('{\n\t"a": "role:x"\n}\n', "policy.json")
    assert "tab" in str(raised.value)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n", "---\n", "~\n"])
def test_empty_files_have_no_rules(text):
    assert oslo_rules(text) == {}
    document = policy_document_from_text(text, "policy.yaml")
    assert document.rules == {} and document.errors == []


def test_each_rule_knows_its_positions_and_what_it_replaced():
    text = 'a: "role:x"\nb:\n"a": "role:y or"\nc: !\nd: ~\n'
    document = policy_document_from_text(text, "p.yaml")
    a = document.definitions["a"]
    assert str(a.key_location) == "p.yaml:3:1" and str(a.value_location) == "p.yaml:3:6"
    assert [str(old.value_location) for old in a.replaces] == ["p.yaml:1:4"]
    assert a.replaces[0].replaced_by is a
    assert str(a.check) == "!"
    assert a.diagnostics[0].kind == "dangling-operator"
    assert str(a.location_of(a.diagnostics[0].start, a.diagnostics[0].end)) == "p.yaml:3:14"
    assert [document.definitions[name].null_spelling for name in "bcd"] == ["", "!", "~"]
    assert document.definitions["a"].null_spelling is None


def test_non_string_values_are_recorded_with_their_position():
    document = policy_document_from_text('ok: "@"\nbad: yes\n', "p.yaml")
    assert document.rules == {"ok": document.definitions["ok"].check}
    [problem] = document.errors
    assert problem.kind == "non-string-value" and str(problem.location) == "p.yaml:2:6"
    assert "TypeError" in problem.message


def test_non_string_keys_are_kept_and_reported():
    document = policy_document_from_text('1: "@"\n', "p.yaml")
    assert list(document.rules) == [1]
    assert [problem.kind for problem in document.problems] == ["non-string-key"]


def oslo_effective(main, directories):
    conf = cfg.ConfigOpts()
    conf([], project="policykit-test", default_config_files=[], default_config_dirs=[])
    enforcer = oslo_policy.Enforcer(conf, policy_file=str(main))
    conf.set_override("policy_dirs", [str(directory) for directory in directories], group="oslo_policy")
    enforcer.load_rules(True)
    return {name: str(check) for name, check in enforcer.rules.items()}


def test_overlays_merge_like_oslo_policy_dirs(tmp_path):
    main = tmp_path / "policy.yaml"
    main.write_text('"a": "role:main"\n"b": "role:main"\n"c": "role:main"\n')
    first = tmp_path / "policy.d"
    first.mkdir()
    (first / "20-late.yaml").write_text('"b": "role:late"\n')
    (first / "10-early.json").write_text('{"b": "role:early", "d": "role:early"}')
    (first / ".hidden.yaml").write_text('"c": "role:hidden"\n')
    (first / "sub").mkdir()
    (first / "sub" / "x.yaml").write_text('"c": "role:sub"\n')
    second = tmp_path / "more.d"
    second.mkdir()
    (second / "00.yaml").write_text('"d": "role:second"\n')
    directories = [first, tmp_path / "missing.d", second]

    document = load_policy_document(main, directories)
    assert {name: str(check) for name, check in document.rules.items()} == oslo_effective(main, directories)
    assert [definition.path for definition in document.provenance("b")] == [
        str(main), str(first / "10-early.json"), str(first / "20-late.yaml"),
    ]
    assert set(document.overridden()) == {"b", "d"}


def test_a_dangling_symlink_in_an_overlay_directory_is_an_error(tmp_path):
    main = tmp_path / "policy.yaml"
    main.write_text('"a": "@"\n')
    (tmp_path / "policy.d").mkdir()
    (tmp_path / "policy.d" / ".gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(FileNotFoundError):
        oslo_effective(main, [tmp_path / "policy.d"])
    with pytest.raises(InputError, match="symlink"):
        load_policy_document(main, [tmp_path / "policy.d"])


def test_relative_overlay_directories_are_found_beside_the_policy_file(tmp_path):
    (tmp_path / "policy.yaml").write_text('"a": "role:main"\n')
    (tmp_path / "policy.d").mkdir()
    (tmp_path / "policy.d" / "a.yaml").write_text('"a": "role:over"\n')
    document = load_policy_document(tmp_path / "policy.yaml", ["policy.d"])
    assert str(document.rules["a"]) == "role:over"


def test_a_file_given_as_overlay_directory_is_an_error(tmp_path):
    (tmp_path / "policy.yaml").write_text('"a": "@"\n')
    (tmp_path / "notadir").write_text("")
    with pytest.raises(InputError, match="not a directory"):
        load_policy_document(tmp_path / "policy.yaml", [tmp_path / "notadir"])


def test_missing_policy_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_policy_document(tmp_path / "absent.yaml")


def test_strict_loading_raises_what_oslo_cannot_load(tmp_path):
    (tmp_path / "policy.yaml").write_text('"a": "@"\n"b": 1\n')
    with pytest.raises(InputError) as raised:
        load_policy_document(tmp_path / "policy.yaml")
    assert str(raised.value).startswith(f"{tmp_path / 'policy.yaml'}:2:6")
    document = load_policy_document(tmp_path / "policy.yaml", strict=False)
    assert list(document.rules) == ["a"]


def test_yaml_reading_matches_safe_load_for_the_examples():
    from policykit.sources import parse_text, to_python

    for text in AGREEING.values():
        assert to_python(parse_text(text, "p.yaml").root) == yaml.safe_load(text)


def test_overlays_apply_without_a_main_file_when_asked(tmp_path):
    (tmp_path / "policy.d").mkdir()
    (tmp_path / "policy.d" / "a.yaml").write_text('"a": "role:over"\n')
    document = load_policy_document(tmp_path / "policy.yaml", [tmp_path / "policy.d"], missing_ok=True)
    assert {name: str(check) for name, check in document.rules.items()} == oslo_effective(
        tmp_path / "policy.yaml", [tmp_path / "policy.d"])


def test_list_diagnostics_map_to_the_element_in_the_file():
    text = 'a:\n  - ["role:x", "role:y or role:z"]\n  - "rule:b"\n'
    definition = policy_document_from_text(text, "p.yaml").definitions["a"]
    [diagnostic] = definition.diagnostics
    assert diagnostic.kind == "list-element-not-interpreted"
    assert str(definition.element_location(diagnostic.path)) == "p.yaml:2:16"


@pytest.mark.parametrize("text", ["[]\n", "0\n", "false\n", '""\n'])
def test_falsy_top_level_values_load_as_no_rules(text):
    assert oslo_rules(text) == {}
    document = policy_document_from_text(text, "p.yaml")
    assert document.rules == {} and document.errors == []
    assert [problem.kind for problem in document.problems] == ["empty-top-level"]


@pytest.mark.parametrize("text, kind", [
    ("a:\n", "null-allows-all"), ("a: false\n", "falsy-value-allows-all"), ("a: []\n", "empty-list-allows-all"),
])
def test_values_that_silently_allow_everyone_are_diagnosed(text, kind):
    assert oslo_rules(text) == {"a": "@"}
    definition = policy_document_from_text(text, "p.yaml").definitions["a"]
    assert [diagnostic.kind for diagnostic in definition.diagnostics] == [kind]
