"""Aliases are shared, never expanded; nesting is bounded with a position (issue: aliases, depth).

Before: a 342-byte nine-level "billion laughs" file made lint run for minutes and die of
MemoryError; 500 nested brackets, ``a: &a [*a]``, a 3,000-level --creds file, 1,000
chained ``not`` and 500 chained ``rule:`` references ended in RecursionError →
"internal error"; 300 chained paste ``use =`` sections too.
"""

from __future__ import annotations

import logging

import pytest
import yaml
from hostile_support import run
from oslo_policy import policy as oslo_policy


def laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for index in range(1, levels):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def billion_laughs(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs())
    return path


def test_billion_laughs_policy_means_what_oslo_reads(billion_laughs):
    """oslo reads the shared lists as list syntax: an OR of ANDs of non-string elements, each `!`."""
    logging.disable(logging.CRITICAL)  # oslo logs every element it cannot read, formatting the whole list
    try:
        rules = oslo_policy.Rules.load(billion_laughs.read_text(), "default")
        expected = {name: rules[name]({}, {"roles": []}, None) for name in "abcdefghi"}
    finally:
        logging.disable(logging.NOTSET)
    for name in "ai":
        result = run("eval", billion_laughs, name, "--role", "lol", timeout=30)
        assert result.out == ("allow\n" if expected[name] else "deny\n")
    linted = run("lint", billion_laughs, timeout=60)
    assert linted.code == 1 and "laughs.yaml:3:4: PL109" in linted.out
    assert len(linted.text) < 20_000  # messages quote excerpts, not the expanded value


def test_billion_laughs_where_values_must_be_expanded_is_refused_with_the_count(billion_laughs, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('"r": "role:a"\n')
    for arguments in (("eval", policy, "r", "--creds", billion_laughs),
                      ("eval", policy, "r", "--target-file", billion_laughs),
                      ("fmt", "--check", billion_laughs)):
        result = run(*arguments, timeout=30)
        assert result.code == 2
        assert "expand to" in result.err and "more than the 1,000,000 policykit expands" in result.err
    deployment = tmp_path / "deployment.yaml"
    deployment.write_text("version: 1\n" + laughs().replace("a: &a", "x-a: &a", 1))
    result = run("lint", deployment, timeout=30)
    assert result.code in (1, 2) and "expand to" in result.text


@pytest.mark.parametrize("text, where, what", [
    ("r: " + "[" * 500 + "]" * 500 + "\n", "p.yaml:1:203", "nested more than 200 levels deep"),
    ("r:\n" + "".join("  " * depth + "- \n" for depth in range(1, 300)), "p.yaml:201:", "nested more than 200"),
    ("a: &a [*a]\n", "p.yaml:1:8", "the alias *a refers to a node that contains it"),
    ("a: &a {b: *a}\n", "p.yaml:1:11", "the alias *a refers to a node that contains it"),
    ("a: *nowhere\n", "p.yaml:1:4", "found undefined alias 'nowhere'"),
])
def test_deep_or_recursive_yaml_is_one_located_error(tmp_path, text, where, what):
    path = tmp_path / "p.yaml"
    path.write_text(text)
    for arguments in (("eval", path, "r"), ("lint", path), ("fmt", "--check", path)):
        result = run(*arguments, timeout=30)
        assert result.code == 2 if arguments[0] != "lint" else result.code in (1, 2)
        assert where in result.text and what in result.text


def test_a_3000_level_creds_file_is_one_located_error(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('"r": "role:a"\n')
    creds = tmp_path / "creds.json"
    creds.write_text('{"a": ' * 3000 + "1" + "}" * 3000)
    result = run("eval", policy, "r", "--creds", creds, timeout=30)
    assert result.code == 2
    assert f"{creds}:1:1201: cannot parse creds.json: nested more than 200 levels deep" in result.err


def test_a_chain_of_1000_not_lints_and_evaluates_like_oslo(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("r: " + "not " * 1000 + "role:a\n")
    linted = run("lint", path, timeout=60)
    assert linted.code in (0, 1)
    evaluated = run("eval", path, "r", "--role", "a", timeout=60)
    assert evaluated.code == 2 and "raises RecursionError" in evaluated.err  # as oslo's Enforcer.enforce does
    path.write_text("r: " + "not " * 200 + "@\n")
    assert run("eval", path, "r").out == "allow\n"


def test_500_chained_rule_references_lint_without_recursing(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("".join(f"r{i}: rule:r{i + 1}\n" for i in range(500)) + "r500: '@'\n")
    linted = run("lint", path, timeout=60)
    # r500 allows everyone, so every rule of the chain does: the analysis follows all 500,
    # and each message names the far end of the chain instead of repeating it.
    first = next(line for line in linted.out.splitlines() if "p.yaml:1:1: PL202" in line)
    assert "… `@` allows everyone" in first and len(first) < 400
    assert "p.yaml:500:1: PL202" in linted.out
    cycle = tmp_path / "cycle.yaml"
    cycle.write_text("".join(f"r{i}: rule:r{i + 1}\n" for i in range(500)) + "r500: rule:r0\n")
    assert run("lint", cycle, timeout=60).code == 1


def _use_chain(length: int) -> str:
    lines = ["[app:main]", "use = s0", ""]
    for index in range(length):
        lines += [f"[app:s{index}]", f"use = s{index + 1}", ""]
    return "\n".join(lines + [f"[app:s{length}]", "paste.app_factory = os.path:join", ""])


def test_paste_use_chains_load_as_deep_as_pastedeploy_follows_them(tmp_path):
    from paste.deploy import loadwsgi

    path = tmp_path / "api-paste.ini"
    path.write_text(_use_chain(300))
    loadwsgi.loadcontext(loadwsgi.APP, f"config:{path}")  # PasteDeploy follows 300 levels
    result = run("paste", path, timeout=60)
    assert result.code == 0 and "no findings" in result.out

    path.write_text(_use_chain(600))
    with pytest.raises(RecursionError):
        loadwsgi.loadcontext(loadwsgi.APP, f"config:{path}")
    result = run("lint", path, timeout=120)
    assert result.code == 1
    assert "PS116 [error] [app:s" in result.out and "PasteDeploy raises RecursionError" in result.out


def test_safe_load_agrees_on_what_the_deep_files_mean():
    """The bounds are policykit's, the meanings PyYAML's: below them, the same values."""
    from policykit.sources import parse_text, to_python

    text = "r: " + "[" * 150 + "]" * 150 + "\n" + laughs(4)
    assert to_python(parse_text(text, "p.yaml").root) == yaml.safe_load(text)
