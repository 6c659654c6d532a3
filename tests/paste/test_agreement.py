"""policykit's verdict for every root agrees with PasteDeploy's ``loadapp``.

The oracle is the real ``paste.deploy.loadapp`` (PasteDeploy 3.1.0) with every factory
replaced by a stub — see ``stub_world.py`` for how (fake ``.dist-info`` distributions on
``sys.path`` for ``egg:``; ``lookup_object``/``EntryPoint.load`` replaced for ``call:``
and ``paste.*_factory`` keys; composite stubs that behave like Paste's urlmap and like
OpenStack's pipeline_factory selectors). For each file and each root, loadapp either
succeeds or raises; the exception is reduced to its cause category (``classify``) and
compared with the category of policykit's ``ResolutionError``. Where PasteDeploy's text
is a bare ``IndexError``/``KeyError``/``AttributeError``, policykit's message must still
name the place and the cause (checked by ``test_messages_better_than_pastedeploy``).

Inputs: the example files, systematic mutations of them (``mutations.py``: missing
sections, wrong kinds, empty pipelines, cycles, duplicate keys, inline comments, bad
prefixes, DEFAULT shadowing, interpolation, urlmap keys, ...), and every file of
../shared/corpus/paste when that folder exists. Set PK_AGREEMENT=full to compare every
root under every selector key for every mutation (about 70 000 loads, a few minutes);
the default run compares every mutation's entry roots plus one selector key per mutation.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mutations import mutations
from stub_world import StubWorld
from policykit.paste import composites
from policykit.paste.composites import CompositeKind
from policykit.paste.contexts import factory_spec
from policykit.paste.reader import read_paste_text
from policykit.paste.resolver import verdict_for
from shared_corpus import corpus_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "paste").glob("*.ini"))
CORPUS = corpus_path("paste")
FULL = os.environ.get("PK_AGREEMENT") == "full"


def category(error) -> str | None:
    if error is None:
        return None
    # policykit tells "exists, but as another kind" apart; PasteDeploy reports it as a missing section
    return "missing-section" if error.category.value == "wrong-kind" else error.category.value


def selector_keys(paste) -> list[str]:
    keys: list[str] = []
    for section in paste.sections:
        for key in section.keys:
            if key.name in ("use", "paste.composite_factory", "paste.app_factory", "paste.composit_factory"):
                spec = factory_spec(key.text, key, (), paste.here)
                if composites.composite_kind(spec) is CompositeKind.SELECTOR:
                    keys += [k.name for k in paste.local_keys(section) if k.name != key.name]
    return list(dict.fromkeys(keys))


def entry_roots(paste) -> list[str]:
    """Roots no other section names (what a service passes to loadapp)."""
    names = list(dict.fromkeys(s.name for s in paste.app_like_sections()))
    mentioned = set()
    for section in paste.sections:
        for key in section.keys:
            mentioned.update(key.text.split())
    return [n for n in names if n not in mentioned] or names


def compare(world: StubWorld, path: Path, text: str, *, roots=None, selectors=(None,)) -> list[str]:
    paste = read_paste_text(text, str(path))
    disagreements = []
    for name in roots if roots is not None else dict.fromkeys(s.name for s in paste.app_like_sections()):
        for selector in selectors:
            world.select(selector)
            real, text = world.outcome(str(path), name)
            error = verdict_for(paste, name, selector)
            ours = category(error)
            if real != ours:
                disagreements.append(f"{name} [{selector}]: PasteDeploy {real!r}, policykit {ours!r}")
            elif text.startswith("LookupError: ") and error.location.path == str(path) \
                    and error.pastedeploy.startswith("LookupError: ") and text != error.pastedeploy:
                # where policykit quotes PasteDeploy's LookupError, it quotes it exactly
                disagreements.append(f"{name} [{selector}]: PasteDeploy said {text!r}, policykit quotes {error.pastedeploy!r}")
    return disagreements


def mutation_cases():
    for base in EXAMPLES:
        for index, (label, text) in enumerate(mutations(base.read_text())):
            yield base, index, label, text


CASES = list(mutation_cases())


@pytest.fixture(scope="module")
def world():
    texts = [text for _, _, _, text in CASES] + [p.read_text() for p in EXAMPLES]
    if CORPUS.is_dir():
        texts += [p.read_text(errors="replace") for p in sorted(CORPUS.iterdir()) if p.is_file()]
    with StubWorld(texts) as stub_world:
        yield stub_world


def test_enough_mutations():
    assert len(CASES) >= 200
    labels = {label.split(" ")[0] for _, _, label, _ in CASES}
    assert {"delete", "duplicate", "empty", "cycle", "inline", "DEFAULT"} <= labels


@pytest.mark.parametrize("base", EXAMPLES, ids=lambda p: p.name)
def test_examples_every_root_every_selector(world, base, tmp_path):
    text = base.read_text()
    paste = read_paste_text(text, str(tmp_path / base.name))
    (tmp_path / base.name).write_text(text)
    keys = selector_keys(paste)
    assert compare(world, tmp_path / base.name, text, selectors=[None] + keys + ["nosuchflavor"]) == []


def test_mutations_agree(world, tmp_path):
    disagreements = []
    compared = 0
    verdicts = set()
    for base, index, label, text in CASES:
        path = tmp_path / base.name
        path.write_text(text)
        paste = read_paste_text(text, str(path))
        keys = selector_keys(paste)
        if FULL:
            found = compare(world, path, text, selectors=[None] + keys + ["nosuchflavor"])
            compared += len(set(s.name for s in paste.app_like_sections())) * (len(keys) + 2)
        else:
            roots = entry_roots(paste)
            roots = roots[:1]
            found = compare(world, path, text, roots=roots)
            compared += len(roots)
            if keys:
                selector = (keys + ["nosuchflavor"])[index % (len(keys) + 1)]
                found += compare(world, path, text, roots=roots[:1], selectors=[selector])
                compared += 1
        disagreements += [f"{base.name} / {label}: {d}" for d in found]
        verdicts.update(category(verdict_for(paste, r)) for r in entry_roots(paste)[:1])
    print(f"{len(CASES)} mutations, {compared} verdicts compared, {len(disagreements)} disagreements")
    assert disagreements == []
    # the mutations really exercise the error paths, not only files that load
    assert len(verdicts) >= 10


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/paste is not present")
def test_corpus_agrees(world, tmp_path):
    disagreements = []
    files = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".ini", ".conf", ".conf-sample") or "paste" in p.name]
    for source in files:
        text = source.read_text()
        path = tmp_path / source.name
        path.write_text(text)
        paste = read_paste_text(text, str(path))
        keys = selector_keys(paste)
        disagreements += [f"{source.name}: {d}" for d in
                          compare(world, path, text, selectors=[None] + (keys + ["nosuchflavor"] if FULL else keys[:2]))]
    assert disagreements == []
