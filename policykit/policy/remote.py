"""``http:``/``https:`` checks, made only when the caller enables them.

Behaviour follows oslo.policy's HttpCheck/HttpsCheck (``oslo_policy._external``):
POST ``rule``, ``target`` and ``credentials`` (each JSON-encoded into a form field, or
one JSON object), allow iff the body with its surrounding double quotes removed is
exactly ``True``; the status code is ignored. Failures raise ``EvaluationError`` naming
the exception oslo lets escape.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from dataclasses import dataclass

from policykit.errors import EvaluationError

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class RemoteCheckOptions:
    """oslo.policy's ``[oslo_policy] remote_*`` options, with the same defaults."""

    content_type: str = FORM
    timeout: float = 60
    verify_server_crt: bool = False
    ca_crt_file: str | None = None
    client_crt_file: str | None = None
    client_key_file: str | None = None


def _failure(url: str, exc: Exception, oslo_name: str | None = None) -> EvaluationError:
    name = oslo_name or type(exc).__name__
    return EvaluationError(f"remote check {url}: {exc} (oslo.policy raises {name} here)", oslo_exception=name)


def _require_file(kind: str, path: str, url: str) -> None:
    if not os.path.exists(path):
        raise _failure(url, RuntimeError(f"unable to find ssl {kind}: {path}"), "RuntimeError")
    if kind != "ca cert_file" and not os.access(path, os.R_OK):
        raise _failure(url, RuntimeError(f"unable to access ssl {kind}: {path}"), "RuntimeError")


class RemoteChecks:
    """Makes the requests; ``current_rule`` is the policy name being enforced (per thread)."""

    def __init__(self, options: RemoteCheckOptions | None = None):
        self.options = options or RemoteCheckOptions()
        self._local = threading.local()

    @property
    def current_rule(self) -> str | None:
        return getattr(self._local, "rule", None)

    @current_rule.setter
    def current_rule(self, name: str | None) -> None:
        self._local.rule = name

    def _payload(self, target, creds):
        safe_target = copy.deepcopy(target)
        for key in target.keys():
            if type(target.get(key)) is object:
                safe_target[key] = {}
        if self.options.content_type == FORM:
            return {
                "rule": json.dumps(self.current_rule),
                "target": json.dumps(safe_target, default=str),
                "credentials": json.dumps(dict(creds), default=str),
            }, None
        return None, {"rule": self.current_rule, "target": safe_target, "credentials": dict(creds)}

    def ask(self, scheme: str, url: str, target, creds) -> bool:
        import requests

        options = self.options
        kwargs: dict = {"timeout": options.timeout}
        if scheme == "https":
            if options.client_crt_file:
                _require_file("cert_file", options.client_crt_file, url)
            if options.client_key_file:
                _require_file("key_file", options.client_key_file, url)
            verify: bool | str = options.verify_server_crt
            if verify and options.ca_crt_file:
                _require_file("ca cert_file", options.ca_crt_file, url)
                verify = options.ca_crt_file
            kwargs["cert"] = (options.client_crt_file, options.client_key_file)
            kwargs["verify"] = verify
        data, body = self._payload(target, creds)
        try:
            with requests.post(url, data=data, json=body, **kwargs) as response:
                return response.text.lstrip('"').rstrip('"') == "True"
        except requests.exceptions.Timeout as exc:
            raise _failure(url, exc, "RuntimeError") from None
        except Exception as exc:
            raise _failure(url, exc) from None
