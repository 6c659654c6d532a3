"""Every seed-service file of the shared corpus, in both layouts, linted against a reviewed
snapshot (``data/corpus-sweep.json``; regenerate with ``python tests/services/corpus_sweep.py
--write`` after reviewing the change). Runs only where the corpus exists."""

from __future__ import annotations

import json

import pytest

from corpus_sweep import SNAPSHOT, corpus_dir, sweep

CORPUS = corpus_dir()
pytestmark = pytest.mark.skipif(CORPUS is None, reason="the shared corpus is not present")

# Every policy-side error or warning the sweep finds, and why it is right (reviewed).
REVIEWED = {
    ("keystone-havana-policy.v3cloudsample.json", "PL103"): "list syntax items without rule: (upstream mistake)",
    ("keystone-stein-policy.v3cloudsample.json", "PL106"): "rule:service_or_admin is defined nowhere (upstream)",
    ("glance-havana-policy.json", "PL203"): '"default": "" opens every unlisted action to anyone',
    ("glance-icehouse-policy.json", "PL203"): '"default": "" opens every unlisted action to anyone',
    ("glance-2026-sample-uncommented.yaml", "PL203"): '"default": "" opens every unlisted action to anyone',
    ("sahara-pike-policy.json", "PL203"): '"default": "" opens every unlisted action to anyone',
    ("keystone-havana-policy.json", "PL301"): "is_admin:1: keystone's creds carry no is_admin (dead branch)",
    ("keystone-icehouse-policy.json", "PL301"): "is_admin:1: keystone's creds carry no is_admin (dead branch)",
    ("keystone-ocata-policy.json", "PL301"): "is_admin:1: keystone's creds carry no is_admin (dead branch)",
    ("keystone-2026-sample-uncommented.yaml", "PL301"): "is_admin:1: keystone's creds carry no is_admin",
    ("nova-mitaka-policy.json", "PL301"): "quota_class left nova's creds with to_policy_values()",
    ("glance-2026-sample-uncommented.yaml", "PL403"): "overrides a policy deprecated for removal",
    ("keystone-2026-sample-uncommented.yaml", "PL403"): "overrides a policy deprecated for removal",
    ("neutron-2026-sample-uncommented.yaml", "PL403"): "overrides a policy deprecated for removal",
    ("nova-2026-sample-uncommented.yaml", "PL403"): "overrides a policy deprecated for removal",
    **{(f"{ns}-2026-sample-uncommented.yaml", "PL401"): "a full copy of the registered defaults freezes them"
       for ns in ("cinder", "glance", "heat", "keystone", "neutron", "neutron_lib", "nova", "placement")},
    ("swift-havana-proxy-server.conf-sample", "PK002"): "a -sample name: policykit says it did not lint it",
    ("swift-icehouse-proxy-server.conf-sample", "PK002"): "a -sample name: policykit says it did not lint it",
    ("swift-master-proxy-server.conf-sample", "PK002"): "a -sample name: policykit says it did not lint it",
    ("trove-queens-policy.yaml.sample", "PK002"): "a .sample name: policykit says it did not lint it",
}


@pytest.fixture(scope="module")
def results():
    return sweep(CORPUS)


def _corpus_name(key: str) -> str:
    layout, path = key.split(":", 1)
    return path.split("/")[0] if layout == "service" else path.split("/")[-1]


def test_no_file_is_unusable_and_every_defaults_export_loads(results):
    assert not [key for key, value in results.items() if value.get("exit") == 2]
    assert all(value["rules"] > 0 for key, value in results.items() if key.startswith("defaults:"))


def test_policy_errors_and_warnings_are_the_reviewed_ones(results):
    unreviewed = []
    for key, value in results.items():
        for finding in value.get("findings", ()):
            code, severity = finding.split()[:2]
            if code[:2] in ("PL", "PK") and severity in ("error", "warning") \
                    and (_corpus_name(key), code) not in REVIEWED:
                unreviewed.append(f"{key}: {finding}")
    assert unreviewed == []


def test_both_layouts_agree_on_policy_files(results):
    def policy_findings(key):
        return sorted(f.split(" ", 2)[0] + " " + f.split(" ", 2)[2] for f in results[key]["findings"]
                      if f.startswith("PL") and not f.startswith("PL300"))
    for key in results:
        if key.startswith("service:") and "/etc/" in key and "policy" in key.rsplit("/", 1)[-1]:
            name = key.split(":", 1)[1].split("/")[0]
            assert policy_findings(key) == policy_findings(f"corpus:policies/{name}"), name


def test_the_service_is_known_in_the_service_layout(results):
    assert not [key for key, value in results.items() if key.startswith("service:")
                and any(f.startswith("PL300") for f in value["findings"])]


def test_findings_equal_the_reviewed_snapshot(results):
    if not SNAPSHOT.exists():
        pytest.fail(f"no snapshot: review `python tests/services/corpus_sweep.py` and write it with --write")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(key for key in expected.keys() | results.keys() if expected.get(key) != results.get(key))
    assert changed == [], ("findings changed; review them, then `python tests/services/corpus_sweep.py --write`: "
                           + ", ".join(changed[:10]))
