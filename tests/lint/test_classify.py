from pathlib import Path

import pytest

from policykit.errors import InputError
from policykit.lint import classify as kinds


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize("name, text, kind", [
    ("policy.yaml", '"a": "role:x"\n', kinds.POLICY),
    ("nova.json", '{"a": "role:x"}', kinds.POLICY),
    ("cloud.yaml", "version: 1\nservices:\n  - {type: compute}\n", kinds.DEPLOYMENT),
    ("cloud.yaml", "# a cloud\nversion: 1\nidentity:\n  roles: [admin]\n", kinds.DEPLOYMENT),
    ("cloud.json", '{"version": 1, "regions": [{"id": "RegionOne"}]}', kinds.DEPLOYMENT),
    ("prod-deployment.yml", "", kinds.DEPLOYMENT),
    # a policy that happens to have a rule named "version" is still a policy
    ("policy.yaml", '"version": "role:admin"\n"services:list": "role:admin"\n', kinds.POLICY),
    ("token.json", '{"token": {"methods": ["password"], "catalog": []}}', kinds.CATALOG),
    ("catalog.json", '{"catalog": [{"type": "compute", "endpoints": []}]}', kinds.CATALOG),
    ("v2.json", '{"access": {"serviceCatalog": []}}', kinds.CATALOG),
    # legacy list syntax looks like a list value, but a policy's lists hold lists of strings
    ("policy.json", '{"catalog": [["role:admin"]]}', kinds.POLICY),
    ("api-paste.ini", "[pipeline:main]\n", kinds.PASTE),
    ("proxy-server.conf", "[pipeline:main]\n", kinds.PASTE),
    ("nova.conf", "[DEFAULT]\n", kinds.UNKNOWN),
    ("README", "", kinds.UNKNOWN),
])
def test_file_kinds(tmp_path, name, text, kind):
    assert kinds.classify_file(write(tmp_path / name, text)) == kind


def test_walk_takes_named_files_and_policy_directories_only(tmp_path):
    write(tmp_path / "etc" / "nova" / "policy.yaml")
    write(tmp_path / "etc" / "nova" / "policy.d" / "10.yaml")
    write(tmp_path / "etc" / "glance" / "glance-api-paste.ini")
    write(tmp_path / "deployment.yaml", "version: 1\nservices: []\n")
    write(tmp_path / "ci" / "workflow.yaml")
    write(tmp_path / ".git" / "policy.yaml")
    write(tmp_path / ".venv" / "lib" / "policy.json")
    targets = kinds.classify([tmp_path])
    found = {(t.kind, t.path.relative_to(tmp_path).as_posix()) for t in targets}
    assert found == {
        (kinds.DEPLOYMENT, "deployment.yaml"),
        (kinds.PASTE, "etc/glance/glance-api-paste.ini"),
        (kinds.POLICY, "etc/nova/policy.yaml"),
        (kinds.POLICY_DIR, "etc/nova/policy.d"),
    }
    assert not any(t.explicit for t in targets)


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        kinds.classify([tmp_path / "nope.yaml"])


def test_policy_dir_files_are_what_oslo_reads(tmp_path):
    write(tmp_path / "policy.d" / "b.yaml")
    write(tmp_path / "policy.d" / "a.json")
    write(tmp_path / "policy.d" / ".hidden.yaml")
    (tmp_path / "policy.d" / "sub").mkdir()
    assert [p.name for p in kinds.policy_dir_files(tmp_path / "policy.d")] == ["a.json", "b.yaml"]


def test_walk_survives_a_symbolic_link_loop(tmp_path):
    write(tmp_path / "etc" / "policy.yaml")
    (tmp_path / "etc" / "loop").symlink_to(tmp_path / "etc", target_is_directory=True)
    targets = kinds.classify([tmp_path])
    assert [t.path.name for t in targets] == ["policy.yaml"]


def test_a_file_named_twice_is_one_target(tmp_path):
    policy = write(tmp_path / "etc" / "policy.yaml")
    targets = kinds.classify([policy, tmp_path / "etc", tmp_path / "etc" / ".." / "etc" / "policy.yaml"])
    assert len(targets) == 1 and targets[0].explicit
