import pytest

from policykit.errors import InputError
from policykit.lint.selection import SelectionLayer, check_selector, enabled_codes


def enabled(catalogue, *layers):
    return set(enabled_codes(catalogue, list(layers)))


def test_everything_runs_by_default(catalogue):
    assert enabled(catalogue) == {rule.code for rule in catalogue}


def test_select_by_prefix_replaces_the_default(catalogue):
    assert enabled(catalogue, SelectionLayer(select=("PL",))) == {"PL101", "PL102", "PL201"}


def test_ignore_a_narrower_prefix_inside_a_selection(catalogue):
    assert enabled(catalogue, SelectionLayer(select=("PL",), ignore=("PL1",))) == {"PL201"}


def test_more_specific_select_wins_over_broad_ignore(catalogue):
    assert enabled(catalogue, SelectionLayer(select=("PL101",), ignore=("PL",))) == {"PL101"}


def test_tie_goes_to_ignore(catalogue):
    assert "PL101" not in enabled(catalogue, SelectionLayer(select=("PL101",), ignore=("PL101",)))


def test_kebab_names_select_and_ignore(catalogue):
    assert enabled(catalogue, SelectionLayer(select=("misspelt-check-kind",))) == {"PL102"}
    assert "PL102" not in enabled(catalogue, SelectionLayer(ignore=("misspelt-check-kind",)))


def test_extend_select_adds_to_the_previous_layer(catalogue):
    config = SelectionLayer(select=("DP",))
    cli = SelectionLayer(extend_select=("PS",))
    assert enabled(catalogue, config, cli) == {"DP001", "PS301"}


def test_command_line_select_replaces_configured_select_but_keeps_nothing_else(catalogue):
    config = SelectionLayer(select=("DP",), ignore=("PL101",))
    cli = SelectionLayer(select=("PL1",))
    assert enabled(catalogue, config, cli) == {"PL101", "PL102"}


def test_command_line_ignore_applies_on_top_of_config(catalogue):
    config = SelectionLayer(select=("PL",))
    cli = SelectionLayer(ignore=("PL2",))
    assert enabled(catalogue, config, cli) == {"PL101", "PL102"}


def test_all_selects_everything(catalogue):
    assert enabled(catalogue, SelectionLayer(select=("DP",)), SelectionLayer(select=("ALL",))) == {r.code for r in catalogue}


@pytest.mark.parametrize("written, normalised", [("pl101", "PL101"), ("PL", "PL"), ("ps3", "PS3"), ("CT", "CT"),
                                                 ("Unparsable-Rule", "unparsable-rule"), ("all", "ALL")])
def test_selectors_are_normalised(catalogue, written, normalised):
    assert check_selector(written, catalogue, "--select") == normalised


def test_unknown_code_suggests_the_closest(catalogue):
    with pytest.raises(InputError) as error:
        check_selector("PL109", catalogue, "--select")
    assert "PL109" in str(error.value) and "did you mean PL10" in str(error.value)


def test_unknown_name_suggests_the_closest(catalogue):
    with pytest.raises(InputError) as error:
        check_selector("misspelled-check-kind", catalogue, "--ignore")
    assert "did you mean misspelt-check-kind?" in str(error.value)


def test_a_family_prefix_is_valid_before_any_rule_of_it_exists(catalogue):
    assert check_selector("CT1", catalogue, "--select") == "CT1"
    with pytest.raises(InputError):
        check_selector("XY", catalogue, "--select")
