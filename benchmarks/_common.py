"""What the benchmarks share: the project on the path, the corpus, oslo.policy's side, timing."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# The base rules of a generated policy file, shaped like a service's (quoted YAML lines).
BASE_RULES = (
    '"context_is_admin": "role:admin"',
    '"admin_or_owner": "is_admin:True or project_id:%(project_id)s"',
    '"admin_api": "is_admin:True"',
    '"project_member_api": "role:member and project_id:%(project_id)s"',
    '"project_reader_api": "role:reader and project_id:%(project_id)s"',
    '"project_member_or_admin": "rule:project_member_api or rule:context_is_admin"',
    '"project_reader_or_admin": "rule:project_reader_api or rule:context_is_admin"',
)


def find_corpus() -> Path | None:
    """``$POLICYKIT_CORPUS``, or ``shared/corpus`` in the nearest folder above the project."""
    configured = os.environ.get("POLICYKIT_CORPUS")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    return next((p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), None)


CORPUS = find_corpus()


def corpus_path(*parts: str) -> Path:
    """A path inside the corpus; ``../shared/corpus/...`` (absent, for messages) without one."""
    return (CORPUS or ROOT.parent / "shared" / "corpus").joinpath(*parts)


def oslo_enforcer(policy_file: Path, registered, use_conf: bool):
    """oslo.policy's Enforcer over ``policy_file`` with ``registered`` defaults registered."""
    from oslo_config import cfg
    from oslo_policy import policy as oslo_policy

    conf = cfg.ConfigOpts()
    conf([], project="bench", default_config_files=[])
    enforcer = oslo_policy.Enforcer(conf, policy_file=str(policy_file))
    defaults = []
    for d in registered:
        deprecated = None
        if d.deprecated_name and d.deprecated_check_str is not None:
            deprecated = oslo_policy.DeprecatedRule(d.deprecated_name, d.deprecated_check_str,
                                                    deprecated_reason=d.deprecated_reason or "-",
                                                    deprecated_since=d.deprecated_since or "-")
        defaults.append(oslo_policy.RuleDefault(d.name, d.check_str, deprecated_rule=deprecated,
                                                scope_types=list(d.scope_types) if d.scope_types else None))
    enforcer.register_defaults(defaults)
    enforcer.load_rules()
    if not use_conf:
        enforcer.set_rules(dict(enforcer.rules), use_conf=False)
    return enforcer


def best_seconds(call, repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``call()``, wall-clock seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best
