"""A JSON deployment read the fast way gives the model the positional reader gives; problems fall back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from policykit.analysis.inputs import read_deployment_model
from policykit.deployment import load_deployment
from policykit.deployment.personas import personas_of
from policykit.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deployment.yaml"


def _example_as_json(tmp_path, change=None) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    for service in data["services"]:
        for key in ("policy", "paste", "config"):
            if key in service:
                service[key] = str(EXAMPLE.parent / service[key])
    if change:
        change(data)
    path = tmp_path / "deployment.json"
    path.write_text(json.dumps(data, indent=1))
    return path


def _personas(deployment):
    return [(p.name, p.creds, p.scope) for p in personas_of(deployment)]


def test_the_fast_reader_builds_the_same_model(tmp_path):
    path = _example_as_json(tmp_path)
    fast, slow = read_deployment_model(path), load_deployment(path)
    assert _personas(fast) == _personas(slow)
    assert [(s.name, s.type, s.policy, s.config, s.port) for s in fast.services] == \
        [(s.name, s.type, s.policy, s.config, s.port) for s in slow.services]


def test_a_problem_is_reported_with_its_line(tmp_path):
    path = _example_as_json(tmp_path, lambda data: data["identity"]["users"][0].update(domian="Default"))
    with pytest.raises(InputError) as raised:
        read_deployment_model(path)
    assert "unknown key `domian`" in str(raised.value) and f"{path}:" in str(raised.value)
    assert str(raised.value) == str(pytest.raises(InputError, load_deployment, path).value)


def test_numbers_are_typed_as_yaml_types_them(tmp_path):
    path = _example_as_json(tmp_path, lambda data: data["services"][0].update(port="PORT"))
    text = path.read_text().replace('"PORT"', "5e3")  # YAML 1.1 reads 5e3 as a string, not a float
    path.write_text(text)
    with pytest.raises(InputError) as fast:
        read_deployment_model(path)
    with pytest.raises(InputError) as slow:
        load_deployment(path)
    assert str(fast.value) == str(slow.value)


def _set_first(kind, **values):
    return lambda data: data["identity"][kind][0].update(values) if isinstance(data["identity"][kind][0], dict) \
        else data["identity"][kind].__setitem__(0, {"name": data["identity"][kind][0], **values})


@pytest.mark.parametrize("change", [
    None,
    _set_first("users", enabled=False, email="a@example.com"),
    _set_first("users", id=12345),  # a number as an id: not a plain record, read by the reader
    _set_first("projects", description=None, parent="nowhere"),
    _set_first("projects", domain="no-such-domain"),
    lambda data: data["identity"]["assignments"].append({"user": "nobody", "role": "reader", "system": "all"}),
    lambda data: data["identity"].__setitem__("tenants", data["identity"].pop("projects")),
])
def test_identity_lists_built_from_plain_records_equal_the_readers(tmp_path, change):
    path = _example_as_json(tmp_path, change)
    fast, slow = read_deployment_model(path), load_deployment(path)
    assert fast.identity == slow.identity
    for kind in ("projects", "users", "assignments"):
        for built, read in zip(getattr(fast.identity, kind), getattr(slow.identity, kind)):
            assert dict(built.field_locations).keys() == dict(read.field_locations).keys()
            assert built.location.path == read.location.path
    assert _personas(fast) == _personas(slow)
