"""What each leaf check decides, as a function ``check(target, creds) -> bool``.

These functions carry oslo.policy's leaf semantics (``oslo_policy._checks``)
and are shared by the compiled engine and by ``explain``, so both always agree.
Everything that can be worked out from the rule text alone (the lower-cased role
name, whether a generic kind is a Python literal, the creds path) is worked out once,
when the leaf is built; a call then does only what depends on the target and creds.

Where oslo.policy lets an exception escape ``Enforcer.enforce``, the leaf raises
``EvaluationError`` whose ``oslo_exception`` names the class oslo raises.
"""

from __future__ import annotations

import ast
import warnings
from typing import Any, Callable

from policykit.errors import EvaluationError

Decide = Callable[[Any, Any], bool]
MISSING = object()


def substitution_error(text: str, match: str, exc: Exception) -> EvaluationError:
    name = type(exc).__name__
    return EvaluationError(
        f"{text}: the target cannot be substituted into {match!r}: {exc} "
        f"(oslo.policy raises {name} here; write a literal % as %%)",
        oslo_exception=name,
    )


def substitute(text: str, match: str, target: Any) -> Any:
    """``match % target``; MISSING when a target key is missing (the check is then False)."""
    try:
        return match % target
    except KeyError:
        return MISSING
    except Exception as exc:
        raise substitution_error(text, match, exc) from None


# --- role:NAME ----------------------------------------------------------------------


def roles_error(text: str, roles: Any, exc: Exception) -> EvaluationError:
    name = type(exc).__name__
    return EvaluationError(
        f"{text}: creds['roles'] must be a list of role names, got {type(roles).__name__} {roles!r:.60} "
        f"({exc}; oslo.policy raises {name} here)",
        oslo_exception=name,
    )


def lowered_roles(text: str, roles: Any) -> list:
    try:
        return list(map(str.lower, roles))
    except TypeError:
        pass
    try:  # not a list of str: oslo calls .lower() on each; repeat that to fail (or not) the same way
        return [role.lower() for role in roles]
    except Exception as exc:
        raise roles_error(text, roles, exc) from None


def role_leaf(match: str, text: str) -> Decide:
    constant = match.lower()
    if "%" not in match:

        def role_check(target, creds):
            if type(target) is dict:
                wanted = constant
            else:
                wanted = substitute(text, match, target)
                if wanted is MISSING:
                    return False
                wanted = wanted.lower()
            if "roles" in creds:
                return wanted in lowered_roles(text, creds["roles"])
            return False

        return role_check

    def role_check_substituted(target, creds):
        wanted = substitute(text, match, target)
        if wanted is MISSING:
            return False
        if "roles" in creds:
            return wanted.lower() in lowered_roles(text, creds["roles"])
        return False

    return role_check_substituted


# --- generic kind:match ---------------------------------------------------------------

LITERAL, PATH, INVALID = "literal", "path", "invalid"


def classify_kind(kind: str) -> tuple[str, Any]:
    """How oslo's GenericCheck reads ``kind``: a Python literal, a creds path, or an error.

    oslo runs ``ast.literal_eval(kind)`` and ``str()`` of the result inside one
    ``try ... except ValueError``: a ValueError from either means "creds path", any other
    exception escapes ``enforce``. The result never depends on the inputs, so it is
    computed once here.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. SyntaxWarning for '\d' inside a quoted kind
        try:
            return LITERAL, str(ast.literal_eval(kind))
        except ValueError:
            return PATH, tuple(kind.split("."))
        except Exception as exc:
            return INVALID, exc


def invalid_kind_error(text: str, kind: str, exc: Exception) -> EvaluationError:
    name = type(exc).__name__
    return EvaluationError(
        f"{text}: the kind {kind!r} is neither a creds key nor a Python literal "
        f"(ast.literal_eval: {name}: {exc}; oslo.policy raises {name} here)",
        oslo_exception=name,
    )


def path_error(text: str, exc: Exception) -> EvaluationError:
    name = type(exc).__name__
    return EvaluationError(
        f"{text}: the creds path cannot be followed: {exc} (oslo.policy raises {name} here)",
        oslo_exception=name,
    )


def find_in_creds(value: Any, path: tuple[str, ...], index: int, wanted: str) -> bool:
    """oslo's path walk: missing key → False; every list met is searched, element by element."""
    if index == len(path):
        return wanted == str(value)
    try:
        value = value[path[index]]
    except KeyError:
        return False
    if isinstance(value, list):
        for element in value:
            if find_in_creds(element, path, index + 1, wanted):
                return True
        return False
    return find_in_creds(value, path, index + 1, wanted)


def generic_leaf(kind: str, match: str, text: str) -> Decide:
    mode, payload = classify_kind(kind)
    needs_substitution = "%" in match

    def wanted_of(target):
        if needs_substitution or type(target) is not dict:
            return substitute(text, match, target)
        return match

    if mode == LITERAL:
        literal = payload

        def literal_check(target, creds):
            wanted = wanted_of(target)
            return wanted is not MISSING and wanted == literal

        return literal_check

    if mode == INVALID:
        error = payload

        def invalid_check(target, creds):
            if wanted_of(target) is MISSING:
                return False
            raise invalid_kind_error(text, kind, error)

        return invalid_check

    path = payload
    if len(path) == 1:
        key = path[0]

        def creds_key_check(target, creds):
            wanted = wanted_of(target)
            if wanted is MISSING:
                return False
            if type(creds) is dict:
                value = creds.get(key, MISSING)
                if value is MISSING:
                    return False
            else:
                try:
                    value = creds[key]
                except KeyError:
                    return False
            if type(value) is str:
                return wanted == value
            try:
                if isinstance(value, list):
                    return any(find_in_creds(element, (), 0, wanted) for element in value)
                return wanted == str(value)
            except EvaluationError:
                raise
            except Exception as exc:
                raise path_error(text, exc) from None

        return creds_key_check

    def creds_path_check(target, creds):
        wanted = wanted_of(target)
        if wanted is MISSING:
            return False
        try:
            return find_in_creds(creds, path, 0, wanted)
        except RecursionError:
            raise
        except Exception as exc:
            raise path_error(text, exc) from None

    return creds_path_check


# --- http:URL / https:URL -------------------------------------------------------------


def http_leaf(scheme: str, match: str, text: str, remote) -> Decide:
    """``http:``/``https:``: the URL is substituted like oslo does (a missing key raises
    KeyError there, unlike in other checks); the request itself is made only when the
    caller enabled remote checks (``remote`` is then a ``RemoteChecks``)."""
    template = f"{scheme}:{match}"

    def http_check(target, creds):
        try:
            url = template % target
        except Exception as exc:
            name = type(exc).__name__
            raise EvaluationError(
                f"{text}: the target cannot be substituted into the URL {template!r}: {exc!s} "
                f"(oslo.policy raises {name} here, before any request)",
                oslo_exception=name,
            ) from None
        if remote is None:
            raise EvaluationError(
                f"{text}: deciding needs a POST to {url}; policykit does not contact remote servers "
                "unless remote checks are enabled (Policy(..., remote_checks=True), or --allow-remote)",
                oslo_exception=None,
            )
        return remote.ask(scheme, url, target, creds)

    return http_check
