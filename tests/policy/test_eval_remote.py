"""``http:`` checks when remote checks are enabled, against oslo.policy on a local server."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from oslo_config import cfg
from oslo_policy import _parser
from oslo_policy import policy as oslo_policy

from policykit import EvaluationError, Policy
from policykit.policy.remote import RemoteCheckOptions


class _Server:
    def __init__(self):
        self.body = "True"
        self.status = 200
        self.requests: list[tuple[str, str, bytes]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                server.requests.append((self.path, self.headers.get("Content-Type", ""), self.rfile.read(length)))
                self.send_response(server.status)
                self.end_headers()
                self.wfile.write(server.body.encode())

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server():
    running = _Server()
    yield running
    running.httpd.shutdown()


def _oslo(rule_name, rules, target, creds, content_type):
    conf = cfg.ConfigOpts()
    conf([], project="policykit-tests")
    enforcer = oslo_policy.Enforcer(conf, use_conf=False)
    conf.set_override("remote_content_type", content_type, group="oslo_policy")
    enforcer.set_rules({name: _parser.parse_rule(value) for name, value in rules.items()}, use_conf=False)
    return enforcer.enforce(rule_name, target, creds)


@pytest.mark.parametrize("body, status", [("True", 200), ('"True"', 200), ('""True""', 200), ("true", 200),
                                          ("True\n", 200), (" True", 200), ("False", 200), ("True", 500)])
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/json"])
def test_remote_decisions_and_requests_match_oslo(server, body, status, content_type):
    server.body, server.status = body, status
    rules = {"remote": f"http://127.0.0.1:{server.port}/check/%(id)s"}
    target, creds = {"id": "42"}, {"roles": ["member"], "system_scope": "all"}
    server.requests.clear()
    theirs = _oslo("remote", rules, target, dict(creds), content_type)
    oslo_request = server.requests[-1]
    policy = Policy.from_dict(rules, remote_checks=RemoteCheckOptions(content_type=content_type))
    ours = policy.enforce("remote", target, creds)
    our_request = server.requests[-1]
    assert ours == theirs
    assert our_request[0] == oslo_request[0] == "/check/42"
    assert _fields(our_request) == _fields(oslo_request)


def _fields(request):
    _, content_type, raw = request
    if content_type.startswith("application/json"):
        return json.loads(raw)
    return {key: json.loads(value[0]) for key, value in urllib.parse.parse_qs(raw.decode()).items()}


def test_a_refused_connection_is_an_evaluation_error_naming_oslos_exception():
    policy = Policy.from_dict({"remote": "http://127.0.0.1:9/x"}, remote_checks=True)
    with pytest.raises(EvaluationError) as info:
        policy.enforce("remote", {}, {})
    assert info.value.oslo_exception == "ConnectionError"
