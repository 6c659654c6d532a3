"""What several analysis tests share: the CLI run and generated personas."""

from __future__ import annotations

from hypothesis import strategies as st

from policykit.cli import main
from policykit.deployment.personas import Persona
from policykit.policy.credentials import policy_values


def run(capsys, *argv):
    """``policykit ARGV...`` in process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@st.composite
def persona_lists(draw, ids, role_sets, min_size: int, max_size: int):
    """Personas in project, domain or system scope, with ids and roles drawn from the given strategies."""
    result = []
    for index in range(draw(st.integers(min_size, max_size))):
        scope = draw(st.sampled_from(["project", "domain", "system"]))
        values = {"roles": draw(role_sets), "user_id": draw(ids), "user_domain_id": draw(ids)}
        if scope == "project":
            values.update(project_id=draw(ids), project_domain_id=draw(ids))
        elif scope == "domain":
            values["domain_id"] = draw(ids)
        else:
            values["system_scope"] = "all"
        result.append(Persona(f"p{index}", "", policy_values(**values), "", scope))
    return result
