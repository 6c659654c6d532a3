"""Run the real ``paste.deploy.loadapp`` on a paste file with every factory replaced by a stub.

How the stubs are wired, without touching PasteDeploy's resolution logic:

* ``egg:`` references: a temporary directory holds one fake ``<dist>-0.dist-info``
  (METADATA + entry_points.txt) per distribution the files name, and is put first on
  ``sys.path``; ``importlib.metadata`` — which PasteDeploy 3 uses — then finds these
  distributions instead of the installed ones. Each entry point is registered in the
  group that matches how the file uses it (filter sections and non-final pipeline items:
  ``paste.filter_factory``; everything else: ``paste.app_factory``), except Paste's
  ``urlmap`` and ``cascade``, which keep their real group (``paste.composite_factory``).
  Entry points point into a stub module written to the same directory.
* ``call:`` and ``paste.*_factory = module:attr``: PasteDeploy imports these through
  ``paste.deploy.loadwsgi.lookup_object`` and ``importlib.metadata.EntryPoint.load``.
  Only those two are replaced, for the duration of the run: the replacement keeps
  PasteDeploy's own parsing of the value (so a malformed value fails as it really does)
  and returns a stub instead of importing the module.
* The stubs model the composite factories OpenStack ships: urlmap
  factories call the real ``paste.urlmap.urlmap_factory`` (cinder's drops ``/v1`` and
  ``/v2`` first); ``*pipeline_factory*`` composites load the pipeline of the selected key
  (``select(key)``), or of every key in order when none is selected; every other factory
  is a stub that accepts any arguments and works as an app, a filter factory or a
  filter-app factory. Composite factories have the real composite signature, so calling
  one as an app factory raises the same TypeError as the real function.

``verdict(path, name)`` returns None when loadapp succeeds, ``"not-wsgi"`` when it
returns a plain function, or the cause category of the exception (``classify``).
"""

from __future__ import annotations

import configparser
import importlib
import importlib.metadata
import os
import re
import shutil
import sys
import tempfile
import types

import paste.deploy.loadwsgi as loadwsgi

STUB_MODULE = "pk_agreement_stubs"

STUB_SOURCE = '''
import re
import paste.urlmap

SELECTED = [None]


class SelectorKeyMissing(KeyError):
    """A pipeline_factory composite has no key for the selected flavor/auth_strategy."""


class StubApp:
    def __call__(self, *args):
        if len(args) == 1:  # used as a filter: wrap the app
            return StubApp()
        return []


def generic(*args, **kwargs):
    return StubApp()


def urlmap_factory(loader, global_conf, **local_conf):
    return paste.urlmap.urlmap_factory(loader, global_conf, **local_conf)


def cinder_root_app_factory(loader, global_conf, **local_conf):
    local_conf.pop("/v1", None)
    local_conf.pop("/v2", None)
    return paste.urlmap.urlmap_factory(loader, global_conf, **local_conf)


def pipeline_factory(loader, global_conf, **local_conf):
    keys = list(local_conf) if SELECTED[0] is None else [SELECTED[0]]
    for key in keys:
        if key not in local_conf:
            raise SelectorKeyMissing(key)
        pipeline = local_conf[key].split()
        filters = [loader.get_filter(name) for name in pipeline[:-1]]
        app = loader.get_app(pipeline[-1])
    return StubApp()
'''

URLMAP_FACTORIES = {
    "paste.urlmap:urlmap_factory": "urlmap_factory",
    "glance.api:root_app_factory": "urlmap_factory",
    "heat.api:root_app_factory": "urlmap_factory",
    "nova.api.openstack.urlmap:urlmap_factory": "urlmap_factory",
    "cinder.api:root_app_factory": "cinder_root_app_factory",
}


def _stub_name(dotted: str) -> str:
    if dotted in URLMAP_FACTORIES:
        return URLMAP_FACTORIES[dotted]
    if "pipeline_factory" in dotted.rsplit(":", 1)[-1]:
        return "pipeline_factory"
    return "generic"


def _egg_uses(text: str) -> dict[tuple[str, str], set[str]]:
    """(dist, entry point) → groups, from how a file uses each egg: reference."""
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    uses: dict[tuple[str, str], set[str]] = {}

    def note(ref: str, group: str) -> None:
        ref = ref.strip()
        if not ref.lower().startswith("egg:"):
            return
        spec = ref[4:]
        dist, _, name = spec.partition("#")
        uses.setdefault((dist, name or "main"), set()).add(group)

    for section in parser.sections():
        prefix = section.split(":", 1)[0]
        filterish = prefix in ("filter", "filter-app")
        for key, value in parser.items(section, raw=True):
            if key == "use":
                note(value, "paste.filter_factory" if filterish else "paste.app_factory")
            elif key == "pipeline" or prefix in ("composite", "composit"):
                tokens = value.split()
                for i, token in enumerate(tokens):
                    note(token, "paste.app_factory" if i == len(tokens) - 1 else "paste.filter_factory")
                    if prefix in ("composite", "composit"):
                        note(token, "paste.filter_factory")
            elif key in ("next", "not_found_app"):
                note(value, "paste.app_factory")
            elif key == "filter-with":
                note(value, "paste.filter_factory")
    return uses


class StubWorld:
    """A context manager: fake distributions + stubbed imports for the files given."""

    def __init__(self, texts: list[str]):
        self.uses: dict[tuple[str, str], set[str]] = {}
        for text in texts:
            for key, groups in _egg_uses(text).items():
                self.uses.setdefault(key, set()).update(groups)
        self.tmp = None

    def _write(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="pk-stub-world-")
        with open(os.path.join(self.tmp, STUB_MODULE + ".py"), "w") as handle:
            handle.write(STUB_SOURCE)
        by_dist: dict[str, dict[str, dict[str, str]]] = {}
        for (dist, name), groups in self.uses.items():
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", dist) or not re.fullmatch(r"[\w.+-]+", name):
                continue  # not a distribution / entry-point name: leave it unregistered
            normal = re.sub(r"[-_.]+", "_", dist).lower()
            entries = by_dist.setdefault(normal, {})
            if normal == "paste" and name in ("urlmap", "cascade"):
                target = "urlmap_factory" if name == "urlmap" else "generic"
                entries.setdefault("paste.composite_factory", {})[name] = f"{STUB_MODULE}:{target}"
                continue
            for group in groups:
                entries.setdefault(group, {})[name] = f"{STUB_MODULE}:generic"
        by_dist.setdefault("paste", {}).setdefault("paste.composite_factory", {}).update(
            {"urlmap": f"{STUB_MODULE}:urlmap_factory", "cascade": f"{STUB_MODULE}:generic"})
        for normal, groups in by_dist.items():
            info = os.path.join(self.tmp, f"{normal}-0.dist-info")
            os.makedirs(info)
            with open(os.path.join(info, "METADATA"), "w") as handle:
                handle.write(f"Metadata-Version: 2.1\nName: {normal}\nVersion: 0\n")
            with open(os.path.join(info, "entry_points.txt"), "w") as handle:
                for group, names in groups.items():
                    handle.write(f"[{group}]\n")
                    for name, value in names.items():
                        handle.write(f"{name} = {value}\n")

    def __enter__(self) -> "StubWorld":
        self._write()
        sys.path.insert(0, self.tmp)
        importlib.invalidate_caches()
        sys.modules.pop(STUB_MODULE, None)
        self.stubs = importlib.import_module(STUB_MODULE)
        stubs = self.stubs

        real_entry_point = importlib.metadata.EntryPoint

        class StubEntryPoint(real_entry_point):
            def load(self):
                match = self.pattern.match(self.value)
                module = match.group("module")  # AttributeError on a malformed value, as for real
                attr = match.group("attr")
                return getattr(stubs, _stub_name(f"{module}:{attr}" if attr else module))

        def lookup_object(spec):
            parts, target = spec.split(":") if ":" in spec else (spec, None)
            if not parts:
                raise ValueError("Empty module name")
            if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*", parts):
                raise ModuleNotFoundError(f"No module named {parts!r}")
            for part in (target.split(".") if target else []):
                if not part.isidentifier():
                    raise AttributeError(f"module {parts!r} has no attribute {part!r}")
            return getattr(stubs, _stub_name(spec))

        shim = types.SimpleNamespace(
            EntryPoint=StubEntryPoint,
            distribution=importlib.metadata.distribution,
            PackageNotFoundError=importlib.metadata.PackageNotFoundError,
        )
        self._saved = (loadwsgi.lookup_object, loadwsgi.importlib_metadata)
        loadwsgi.lookup_object = lookup_object
        loadwsgi.importlib_metadata = shim
        return self

    def __exit__(self, *exc) -> None:
        loadwsgi.lookup_object, loadwsgi.importlib_metadata = self._saved
        sys.path.remove(self.tmp)
        sys.modules.pop(STUB_MODULE, None)
        importlib.invalidate_caches()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def select(self, key: str | None) -> None:
        self.stubs.SELECTED[0] = key

    def verdict(self, path: str, name: str) -> str | None:
        return self.outcome(path, name)[0]

    def outcome(self, path: str, name: str) -> tuple[str | None, str]:
        """(category, the exception as 'Type: message') — ('not-wsgi' / None, '') when it loads."""
        # A cycle makes loadapp recurse until RecursionError; a lower limit (still far
        # above what any acyclic file needs) only makes that quicker.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(min(limit, 600))
        try:
            app = loadwsgi.loadapp("config:" + os.path.abspath(path), name=name)
        except BaseException as exc:  # noqa: BLE001 - every failure is a verdict
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return classify(exc), f"{type(exc).__name__}: {exc}"
        finally:
            sys.setrecursionlimit(limit)
        if isinstance(app, types.FunctionType):
            return "not-wsgi", ""
        return None, ""


def classify(exc: BaseException) -> str:
    """The cause category of an exception loadapp raised (independent of policykit)."""
    text = str(exc)
    kind = type(exc).__name__
    if isinstance(exc, (configparser.DuplicateSectionError, configparser.DuplicateOptionError,
                        configparser.MissingSectionHeaderError, configparser.ParsingError)):
        return "parse"
    if isinstance(exc, configparser.InterpolationError):
        return "interpolation"
    if isinstance(exc, RecursionError):
        return "cycle"
    if isinstance(exc, FileNotFoundError):
        return "missing-file"
    if isinstance(exc, importlib.metadata.PackageNotFoundError):
        return "package-not-found"
    if kind == "SelectorKeyMissing":
        return "selector-key-missing"
    if isinstance(exc, KeyError):
        return "missing-global"
    if isinstance(exc, IndexError):
        return "empty-pipeline"
    if isinstance(exc, AttributeError) and "'NoneType' object has no attribute 'group'" in text:
        return "bad-factory-spec"
    if isinstance(exc, (ModuleNotFoundError, AttributeError)) or (
            isinstance(exc, ValueError) and "Empty module name" in text):
        return "bad-call-spec"
    if isinstance(exc, TypeError) and "required positional argument" in text:
        return "composite-as-app"
    if isinstance(exc, AssertionError):
        if "Protocol None unknown" in text:
            return "call-in-pipeline"
        if "paste.filter-app_factory" in text:
            return "filter-app-call"
        if "URL fragments must start" in text:
            return "urlmap-bad-path"
    if isinstance(exc, ValueError):
        if "too many values to unpack" in text:
            return "bad-call-spec"
        if any(s in text for s in ("must be followed", "given twice", "more than one path", "must also give a domain")):
            return "urlmap-bad-path"
    if isinstance(exc, LookupError):
        for needle, category in (
            ("No section", "missing-section"),
            ("Ambiguous section names", "ambiguous"),
            ("URI scheme not known", "unknown-scheme"),
            ("Configuration not in format", "bad-call-spec"),
            ("No loader given", "no-loader"),
            ("Multiple protocols", "multiple-protocols"),
            ("missing a 'pipeline' setting", "missing-pipeline-key"),
            ("extra (disallowed)", "extra-pipeline-keys"),
            ("missing a 'next' setting", "missing-next"),
            ("Entry point", "entry-point-not-found"),
        ):
            if needle in text:
                return category
    return f"unexpected {kind}: {text[:200]}"
