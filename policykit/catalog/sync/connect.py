"""Connect to a live Keystone through keystoneauth1.

Authentication is whatever keystoneauth1 loads from ``--os-*`` options and the usual
``OS_*`` environment variables (``password`` unless ``--os-auth-type``/``OS_AUTH_TYPE``
says otherwise), or, with ``--os-cloud``/``OS_CLOUD``, whatever openstacksdk's
clouds.yaml loader finds — openstacksdk is not a policykit dependency, so that path
works only where it is installed.

Requests reach the identity API through ``--os-endpoint-override`` when given, else
through the auth URL — never through the catalog this command rewrites: after an
``apply --allow-in-use`` moved the identity endpoints somewhere this host cannot reach,
the next ``plan`` still works. The catalog's identity endpoint for ``--os-interface``
(default ``public``) and ``--os-region-name`` is the one "in use", held back from
changes unless ``--allow-in-use``. ``--timeout`` bounds each request as a whole
(connecting, authenticating and version discovery share one budget).

Every failure to connect or authenticate becomes a :class:`KeystoneUnavailable` with a
one-line message; passwords and tokens are never part of it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass

from policykit.errors import InputError

# Auth types whose options are always on the command line, whatever OS_AUTH_TYPE says.
OFFERED_AUTH_TYPES = ("password", "token", "v3applicationcredential")
DEFAULT_TIMEOUT = 60.0


class KeystoneUnavailable(InputError):
    """Keystone could not be reached, or refused our credentials (exit code 2)."""


@dataclass
class Connection:
    """An authenticated way to the identity API, and which catalog endpoint it uses."""

    session: object  # keystoneauth1.session.Session
    adapter: object  # keystoneauth1.adapter.Adapter bound to the identity service
    identity_url: str  # the URL requests go to
    endpoint_id: str | None  # the catalog endpoint behind identity_url (None with an override)
    interface: str
    region_name: str | None


def register_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add keystoneauth1's auth and session options, plus the identity endpoint choice."""
    from keystoneauth1 import loading
    from keystoneauth1.exceptions import NoMatchingPlugin

    parser.add_argument(
        "--os-cloud",
        metavar="<name>",
        default=os.environ.get("OS_CLOUD"),
        help="a cloud from clouds.yaml (needs openstacksdk installed). Defaults to env[OS_CLOUD].",
    )
    try:
        # Registers --os-auth-type and the options of the plugin chosen on the command
        # line or in OS_AUTH_TYPE (password by default).
        loading.register_auth_argparse_arguments(parser, sys.argv[1:], default="password")
    except NoMatchingPlugin:
        pass  # --os-auth-type is registered before the lookup fails; reported when used
    group = parser.add_argument_group("Options of the password, token and application credential auth types")
    known = {option for action in parser._actions for option in action.option_strings}
    for auth_type in OFFERED_AUTH_TYPES:
        for opt in loading.get_plugin_loader(auth_type).get_options():
            if any(flag in known for flag in opt.argparse_args):
                continue
            group.add_argument(
                *opt.argparse_args,
                default=opt.argparse_default,
                metavar=opt.metavar,
                help=opt.help,
                dest=f"os_{opt.dest}",
            )
            known.update(opt.argparse_args)
    loading.register_session_argparse_arguments(parser)
    _accept_dashed_spellings(parser)
    parser.set_defaults(timeout=DEFAULT_TIMEOUT)
    for action in parser._actions:
        if action.dest == "timeout":
            action.help = (f"seconds each request to Keystone may take in all, from connecting to the last byte "
                           f"of the answer (default: {DEFAULT_TIMEOUT:g})")
    endpoint = parser.add_argument_group("Identity endpoint")
    endpoint.add_argument(
        "--os-interface",
        metavar="<interface>",
        default=os.environ.get("OS_INTERFACE", "public"),
        help="catalog interface used to reach the identity API (public, internal, admin). "
        "Defaults to env[OS_INTERFACE] or public.",
    )
    endpoint.add_argument(
        "--os-region-name",
        metavar="<region>",
        default=os.environ.get("OS_REGION_NAME"),
        help="region of the identity endpoint to use. Defaults to env[OS_REGION_NAME].",
    )
    endpoint.add_argument(
        "--os-endpoint-override",
        metavar="<url>",
        default=os.environ.get("OS_ENDPOINT_OVERRIDE"),
        help="use this identity API URL instead of looking it up in the catalog.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log each HTTP request to stderr (tokens are shown hashed, passwords never)",
    )


def _accept_dashed_spellings(parser: argparse.ArgumentParser) -> None:
    """``--os-application-credential-secret`` as well as keystoneauth1's
    ``--os-application_credential_secret``: the openstack client spells every option with
    dashes, and an option that is not recognised would otherwise be a secret left on
    the command line."""
    for action in list(parser._actions):
        for flag in list(action.option_strings):
            dashed = flag[:2] + flag[2:].replace("_", "-")
            if dashed != flag and dashed not in parser._option_string_actions:
                action.option_strings.append(dashed)
                parser._option_string_actions[dashed] = action


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time of the record."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(f"debug: {self.format(record)}\n")


@contextlib.contextmanager
def debug_logging(enabled: bool):
    """keystoneauth1's request log on stderr while the block runs (it hashes tokens and
    does not log authentication bodies). Without it, keystoneauth1's own warnings are
    silenced: every failure reaches the operator as policykit's one-line error."""
    logger = logging.getLogger("keystoneauth")
    if not enabled:
        level = logger.level
        logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            logger.setLevel(level)
        return
    handler, level = _StderrHandler(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def connect(args: argparse.Namespace) -> Connection:
    """Authenticate and find the identity endpoint; raises KeystoneUnavailable or InputError."""
    if args.os_cloud:
        session, interface, region_name = _session_from_clouds_yaml(args)
    else:
        session = _session_from_arguments(args)
        interface, region_name = args.os_interface, args.os_region_name
    with bound_total_time(session, args.timeout or DEFAULT_TIMEOUT):
        return _authenticate(args, session, interface, region_name)


def _authenticate(args: argparse.Namespace, session, interface: str, region_name: str | None) -> Connection:
    from keystoneauth1 import adapter as ks_adapter
    from keystoneauth1 import exceptions

    where = _auth_url(session) or "the configured Keystone"
    try:
        access = session.auth.get_access(session)  # authenticates
    except exceptions.ClientException as exc:
        raise KeystoneUnavailable(describe_failure(exc, where)) from None
    except Exception as exc:  # keystoneauth1's plugins check their options with bare Exceptions
        raise InputError(f"cannot authenticate to Keystone: {_one_line(exc)}") from None
    endpoint_id, catalog_url = None, None
    if not args.os_endpoint_override:
        # The catalog endpoint clients of this interface use: the one "in use", held back
        # from changes unless --allow-in-use.
        if not access.has_service_catalog():
            raise KeystoneUnavailable(f"the token from {where} has no catalog (is it project- or system-scoped?)")
        try:
            found = access.service_catalog.endpoint_data_for(
                service_type="identity", interface=interface, region_name=region_name
            )
        except exceptions.ClientException as exc:
            raise KeystoneUnavailable(describe_failure(exc, where)) from None
        endpoint_id, catalog_url = found.endpoint_id, found.url
    # Requests go to the override, else to the auth URL that just worked — never through
    # the catalog being rewritten, which may already point somewhere unreachable.
    chosen = args.os_endpoint_override or _auth_url(session) or catalog_url
    adapter = ks_adapter.Adapter(
        session,
        service_type="identity",
        interface=interface,
        region_name=region_name,
        endpoint_override=chosen,
        min_version="3.0",
        max_version="3.latest",
        raise_exc=True,
    )
    try:
        identity_url = adapter.get_endpoint()  # version discovery on the chosen URL
    except exceptions.ClientException as exc:
        advice = "" if args.os_endpoint_override else " (choose another with --os-endpoint-override)"
        raise KeystoneUnavailable(describe_failure(exc, chosen) + advice) from None
    if not identity_url:
        raise KeystoneUnavailable(f"no identity v3 API at {chosen}")
    return Connection(session, adapter, identity_url, endpoint_id, interface, region_name)


class _Deadline(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` on the way swallows it."""


def bound_total_time(session, seconds: float) -> contextlib.AbstractContextManager:
    """Make every HTTP request of a keystoneauth1 session give up after ``seconds`` in all.

    requests' timeout applies to each connect and to each read on its own, so a server
    that accepts and never answers costs one timeout per attempt (keystoneauth1 tries
    discovery, then the token request), and one that sends a byte now and then is never
    timed out at all. A real-time timer (SIGALRM) bounds the whole exchange — connect,
    sending, waiting, reading the body — instead. It needs the main thread; elsewhere the
    per-read timeout is all there is. The context manager returned shares one budget of
    ``seconds`` among all the requests made inside it (authentication and discovery).
    """
    import requests

    transport = session.session
    send = transport.request
    shared: dict[str, float | None] = {"until": None}

    def request(method, url, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            return send(method, url, *args, **kwargs)
        budget = seconds
        if shared["until"] is not None:
            budget = min(budget, shared["until"] - time.monotonic())
        if budget <= 0:
            raise requests.exceptions.ConnectTimeout(f"no answer within {seconds:g} s")

        def expire(signum, frame):
            raise _Deadline

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            return send(method, url, *args, **kwargs)
        except _Deadline:
            raise requests.exceptions.ReadTimeout(f"no complete answer within {seconds:g} s") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    transport.request = request

    @contextlib.contextmanager
    def one_budget():
        shared["until"] = time.monotonic() + seconds
        try:
            yield
        finally:
            shared["until"] = None

    return one_budget()


def _session_from_arguments(args: argparse.Namespace):
    from keystoneauth1 import exceptions, loading

    try:
        auth = loading.load_auth_from_argparse_arguments(args)
    except exceptions.NoMatchingPlugin as exc:
        raise InputError(f"unknown auth type {exc.name!r} (--os-auth-type / OS_AUTH_TYPE)") from None
    except exceptions.MissingRequiredOptions as exc:
        missing = ", ".join(f"{opt.argparse_args[0]} (or {opt.argparse_envvars[0]})" for opt in exc.options)
        raise InputError(f"cannot authenticate to Keystone: missing {missing}") from None
    except exceptions.ClientException as exc:  # OptionError: options that do not go together
        raise InputError(f"cannot authenticate to Keystone: {_one_line(exc)}") from None
    except AttributeError:
        raise InputError(
            f"auth type {args.os_auth_type!r} needs options this command line does not offer; "
            f"set OS_AUTH_TYPE={args.os_auth_type} in the environment instead"
        ) from None
    if auth is None:
        raise InputError("no auth type given (--os-auth-type / OS_AUTH_TYPE)")
    if args.os_auth_type in ("password", "v3password", "v2password") and not getattr(args, "os_password", None):
        # keystoneauth1 would raise a bare Exception from inside the first request.
        raise InputError("cannot authenticate to Keystone: no password given",
                         hint="set OS_PASSWORD (e.g. source your openrc file) or pass --os-password")
    return loading.load_session_from_argparse_arguments(args, auth=auth)


def _session_from_clouds_yaml(args: argparse.Namespace):
    try:
        import openstack.config
    except ImportError:
        raise InputError(
            f"--os-cloud {args.os_cloud!r} needs openstacksdk's clouds.yaml loader, which is not installed "
            "(it is not a policykit dependency: pip install openstacksdk, or use --os-auth-url/--os-username/"
            "... or OS_* variables)"
        ) from None
    # Only what was given as --os-* options or OS_* variables overrides clouds.yaml (as
    # with the openstack client); policykit's own arguments are none of its business.
    given = {
        key: value
        for key, value in vars(args).items()
        if key.startswith("os_") and key not in ("os_cloud", "os_interface") and value is not None
    }
    if given.get("os_auth_type") == "password" and not os.environ.get("OS_AUTH_TYPE"):
        del given["os_auth_type"]  # our default, not the operator's choice: clouds.yaml decides
    if args.insecure:
        given["insecure"] = True
    try:
        cloud = openstack.config.OpenStackConfig().get_one(cloud=args.os_cloud, argparse=argparse.Namespace(**given))
    except Exception as exc:  # openstacksdk raises its own exception types for every config problem
        raise InputError(f"clouds.yaml: cloud {args.os_cloud!r}: {exc}") from None
    interface = cloud.get_interface("identity") or args.os_interface
    return cloud.get_session(), interface, cloud.get_region_name("identity") or args.os_region_name


def _auth_url(session) -> str | None:
    return getattr(getattr(session, "auth", None), "auth_url", None)


def describe_failure(exc: BaseException, where: str) -> str:
    """One line saying why talking to Keystone failed — no tokens, no passwords."""
    from keystoneauth1 import exceptions

    if isinstance(exc, exceptions.Unauthorized):
        return f"authentication failed at {where}: Keystone refused the credentials (HTTP 401)"
    if isinstance(exc, exceptions.ConnectTimeout):
        return f"cannot reach Keystone at {where}: connection timed out"
    if isinstance(exc, exceptions.ConnectFailure):
        return f"cannot reach Keystone at {where}: {_root_cause(exc)}"
    if isinstance(exc, exceptions.SSLError):
        return f"TLS failure talking to {where}: {_root_cause(exc)} (see --os-cacert, --insecure)"
    if isinstance(exc, (exceptions.EmptyCatalog, exceptions.EndpointNotFound)):
        return f"no usable identity endpoint in the catalog of {where}: {_one_line(exc)}"
    if isinstance(exc, exceptions.DiscoveryFailure):
        return f"cannot find the identity v3 API at {where}: {_one_line(exc)}"
    if isinstance(exc, exceptions.HttpError):
        return f"Keystone at {where} answered HTTP {exc.http_status}: {_one_line(exc)}"
    return f"talking to Keystone at {where} failed: {_one_line(exc)}"


def _root_cause(exc: BaseException) -> str:
    seen = set()
    current: BaseException | None = exc
    reason = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            reason = current.strerror
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                current = arg
                break
        else:
            current = current.__cause__ or current.__context__
            continue
    if reason:
        return reason.lower()
    text = _one_line(exc)
    marker = "]"  # urllib3 messages end in "[Errno 111] Connection refused')"
    if "[Errno" in text and marker in text:
        return text.rsplit(marker, 1)[1].strip(" ')\"").lower() or text
    return text


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."
