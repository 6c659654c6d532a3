"""Lint every file of the shared corpus, in both layouts, into one findings snapshot.

Layouts: each file under its corpus name (``nova-havana-policy.json``), and where its
service keeps it (``etc/nova/policy.json``, ``etc/nova/api-paste.ini``). The 2026
samples are also linted against the service's registered defaults of the same release
(``defaults/<ns>.json``), and every defaults export is read. The snapshot lists, per
file and layout, every finding as ``CODE severity line:col subject``.

Regenerate the reviewed snapshot (after reviewing the diff) with::

    python tests/services/corpus_sweep.py --write

The corpus is found as every corpus test finds it (``tests/shared_corpus.py``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).resolve().parent / "data" / "corpus-sweep.json"
SAMPLE_DEFAULTS = {  # 2026 sample files -> the defaults export of the same release
    "keystone": "keystone", "nova": "nova", "neutron": "neutron", "neutron_lib": "neutron_lib", "cinder": "cinder",
    "glance": "glance", "heat": "heat", "placement": "placement",
}


def corpus_dir() -> Path | None:
    from shared_corpus import find_corpus  # tests/ is on the path under pytest and in main()

    return find_corpus()


def _lint(args: list[str]) -> tuple[int, list[dict], str]:
    from policykit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["lint", "--isolated", "--format", "json", *args])
    text = out.getvalue()
    return code, (json.loads(text) if text.strip() else []), err.getvalue()


def _entries(findings: list[dict]) -> list[str]:
    return sorted(f"{f['code']} {f['severity']} {f.get('line')}:{f.get('column')} {f.get('subject') or ''}".rstrip()
                  for f in findings)


SKIPPED = ("MANIFEST.txt", "README.md")


def _service_home(name: str, kind: str) -> str | None:
    """Where the service installs this file: etc/<service>/policy.json, etc/<service>/api-paste.ini."""
    from policykit import services

    detection = services.detect(name)
    if detection.profile is None:
        return None
    service = detection.profile.name
    if kind == "policy":
        suffix = ".yaml" if name.endswith((".yaml", ".yaml.sample")) else ".json"
        return f"etc/{service}/policy{suffix}"
    if "proxy-server" in name:
        return f"etc/{service}/proxy-server.conf"
    if name.endswith(".ini"):
        return f"etc/{service}/{'glance-registry-paste.ini' if 'registry' in name else 'api-paste.ini'}"
    return None


def _lintable(source: Path, kind: str) -> bool:
    """Files a person would lint: not the manifests, not a service .conf (only read with --config)."""
    if source.name in SKIPPED or not source.is_file():
        return False
    return not (kind == "paste" and source.name.endswith(".conf") and "proxy-server" not in source.name)


def sweep(corpus: Path) -> dict[str, dict]:
    """{"layout:file": {"exit": code, "findings": [...]}} for the whole corpus."""
    import logging

    logging.disable(logging.WARNING)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        here = Path.cwd()
        os.chdir(tmp_path)
        try:
            for kind, folder in (("policy", "policies"), ("paste", "paste"), ("catalog", "catalog")):
                for source in sorted((corpus / folder).iterdir()):
                    if not _lintable(source, kind):
                        continue
                    layouts = [("corpus", f"corpus/{folder}/{source.name}")]
                    home = _service_home(source.name, kind) if kind != "catalog" else None
                    if home is not None:  # one tree per file: several releases share etc/<service>/policy.json
                        layouts.append(("service", f"service/{source.name}/{home}"))
                    for layout, relative in layouts:
                        target = tmp_path / relative
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(source, target)
                        code, findings, _ = _lint([relative])
                        results[f"{layout}:{relative.split('/', 1)[1]}"] = {"exit": code,
                                                                           "findings": _entries(findings)}
                    namespace = source.name.split("-2026-")[0] if "-2026-sample" in source.name else None
                    if namespace in SAMPLE_DEFAULTS and source.name.endswith("-uncommented.yaml"):
                        defaults = corpus / "defaults" / f"{SAMPLE_DEFAULTS[namespace]}.json"
                        code, findings, _ = _lint(["--defaults", str(defaults), f"corpus/{folder}/{source.name}"])
                        results[f"with-defaults:{folder}/{source.name}"] = {"exit": code,
                                                                             "findings": _entries(findings)}
            from policykit.policy.defaults import load_defaults_file

            for folder in ("defaults", "defaults-history"):
                for source in sorted((corpus / folder).glob("*.json")):
                    loaded = load_defaults_file(source)
                    results[f"defaults:{folder}/{source.name}"] = {"rules": len(loaded.rules)}
        finally:
            os.chdir(here)
            logging.disable(logging.NOTSET)
    return results


def main() -> int:
    corpus = corpus_dir()
    if corpus is None:
        print("the shared corpus is not present (set POLICYKIT_CORPUS)", file=sys.stderr)
        return 2
    results = sweep(corpus)
    if "--write" in sys.argv:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {SNAPSHOT} ({len(results)} entries)")
    else:
        print(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    raise SystemExit(main())
