from pathlib import Path

import pytest

from policykit.errors import InputError
from policykit.findings import Severity
from policykit.lint.config import find_config_file, glob_matches, load_config, parse_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_read(tmp_path, catalogue):
    path = write(tmp_path / "pyproject.toml", """
[project]
name = "x"

[tool.policykit]
select = ["PL", "dp001"]
ignore = ["misspelt-check-kind"]
extend-select = ["PS3"]
fail-level = "error"
deployment = "cloud/deployment.yaml"
defaults = "nova"

[tool.policykit.per-file-ignores]
"legacy/*.json" = ["PL201"]

[tool.policykit.per-policy-ignores]
"nova/policy.json" = { "os_compute_api:servers:create" = ["PL101"] }

[tool.policykit.severity]
PL201 = "info"
unparsable-rule = "warning"
""")
    config = parse_config(path, catalogue)
    assert config.select == ("PL", "DP001")
    assert config.ignore == ("misspelt-check-kind",)
    assert config.extend_select == ("PS3",)
    assert config.fail_level is Severity.ERROR
    assert config.deployment == (tmp_path / "cloud" / "deployment.yaml").resolve()
    assert config.defaults == "nova"
    assert config.per_file_ignores == {"legacy/*.json": ("PL201",)}
    assert config.per_policy_ignores == {"nova/policy.json": {"os_compute_api:servers:create": ("PL101",)}}
    assert config.severity == {"PL201": Severity.INFO, "PL101": Severity.WARNING}


def test_defaults_file_is_relative_to_the_configuration(tmp_path, catalogue):
    path = write(tmp_path / ".policykit.toml", 'defaults = "defaults/nova.json"\n')
    assert parse_config(path, catalogue).defaults == str((tmp_path / "defaults" / "nova.json").resolve())


def test_search_goes_upward_and_skips_pyproject_without_table(tmp_path):
    write(tmp_path / ".policykit.toml", "select = ['PL']\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    deep = tmp_path / "sub" / "deeper"
    deep.mkdir()
    assert find_config_file([deep]) == tmp_path / ".policykit.toml"


def test_policykit_toml_is_preferred_in_the_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.policykit]\nselect = ['PL']\n")
    write(tmp_path / ".policykit.toml", "select = ['DP']\n")
    assert find_config_file([tmp_path]) == tmp_path / ".policykit.toml"


def test_second_start_directory_is_searched_when_the_first_finds_nothing(tmp_path):
    write(tmp_path / "repo" / ".policykit.toml", "select = ['PL']\n")
    lonely = tmp_path / "elsewhere"
    lonely.mkdir()
    found = find_config_file([lonely, tmp_path / "repo" / "policies"])
    assert found == tmp_path / "repo" / ".policykit.toml"


def test_isolated_ignores_configuration(tmp_path, catalogue):
    write(tmp_path / ".policykit.toml", "select = ['PL']\n")
    assert load_config(None, [tmp_path], catalogue, isolated=True).select is None


def error_of(tmp_path, catalogue, text, name="pyproject.toml"):
    path = write(tmp_path / name, text)
    with pytest.raises(InputError) as error:
        parse_config(path, catalogue)
    return str(error.value)


def test_unknown_key_names_line_and_suggests(tmp_path, catalogue):
    message = error_of(tmp_path, catalogue, "[project]\nname='x'\n\n[tool.policykit]\nselect = ['PL']\nper_file_ignores = {}\n")
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:6: unknown configuration key 'per_file_ignores'")
    assert "did you mean 'per-file-ignores'?" in message


def test_unknown_code_in_select_names_line(tmp_path, catalogue):
    message = error_of(tmp_path, catalogue, "[tool.policykit]\nfail-level = 'error'\nselect = ['PL999']\n")
    assert ":3: select: unknown rule code or name 'PL999'" in message


def test_bad_severity_names_line(tmp_path, catalogue):
    message = error_of(tmp_path, catalogue, "select = ['PL']\n\n[severity]\nPL101 = 'fatal'\n", name=".policykit.toml")
    assert ":4: PL101 = 'fatal': use \"error\", \"warning\" or \"info\"" in message


def test_toml_syntax_error_has_line_and_column(tmp_path, catalogue):
    message = error_of(tmp_path, catalogue, "[tool.policykit]\nselect = ['PL' 'DP']\n")
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:2:16: invalid TOML: ")
    message = error_of(tmp_path, catalogue, "[tool.policykit]\nselect = ['PL'\n")
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:2: invalid TOML: Unclosed array")


def test_select_must_be_a_list_of_strings(tmp_path, catalogue):
    message = error_of(tmp_path, catalogue, "select = [1, 2]\n", name=".policykit.toml")
    assert ":1: select must be a list of rule codes or names" in message


def test_explicit_missing_settings_file(tmp_path, catalogue):
    with pytest.raises(InputError, match="no such configuration file"):
        load_config(tmp_path / "nope.toml", [tmp_path], catalogue)


@pytest.mark.parametrize("pattern, path, expected", [
    ("legacy/*.json", "legacy/nova.json", True),
    ("legacy/*.json", "legacy/deep/nova.json", True),
    ("legacy/*.json", "current/nova.json", False),
    ("*.json", "any/where/nova.json", True),
    ("nova-policy.yaml", "etc/nova/nova-policy.yaml", True),
    ("etc/*/policy.yaml", "etc/nova/policy.yaml", True),
])
def test_globs_are_relative_to_the_configuration(tmp_path, monkeypatch, pattern, path, expected):
    monkeypatch.chdir(tmp_path)
    assert glob_matches(pattern, path, tmp_path) is expected
