"""The one did-you-mean: the same guess difflib's get_close_matches makes, or none."""

from __future__ import annotations

import difflib

from hypothesis import given, strategies as st

from policykit.suggest import suggest

WORDS = st.text(alphabet="abcdr_:-", min_size=0, max_size=8)


@given(WORDS, st.lists(WORDS, max_size=8), st.sampled_from([0.6, 0.7, 0.75, 0.8]))
def test_same_guess_as_difflib(word, candidates, cutoff):
    expected = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    assert suggest(word, candidates, cutoff=cutoff) == (expected[0] if expected else None)


def test_a_typo_finds_its_name_and_nonsense_finds_none():
    assert suggest("membr", ["admin", "member", "reader"]) == "member"
    assert suggest("zzzz", ["admin", "member", "reader"]) is None
    # A stricter cutoff keeps a weak guess back.
    assert suggest("compute:servers:lst", ["compute:servers:list"], cutoff=0.8) == "compute:servers:list"
    assert suggest("srv", ["server"], cutoff=0.8) is None


def test_candidates_that_are_not_names_are_passed_over():
    assert suggest("admin", [None, 3, "admn"]) == "admn"
