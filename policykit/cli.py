"""The ``policykit`` command: parse arguments, hand over to a command module, map errors to exit codes.

Each command lives in ``policykit/commands/<name>.py`` and defines
``register(subparsers)``, which adds its parser and sets ``func(args) -> int``.
Exit codes: 0 clean / allowed as expected, 1 findings or a failed expectation,
2 unusable input or arguments (argparse also uses 2).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from policykit import __version__
from policykit.errors import InputError, PolicykitError

COMMANDS = ("lint", "eval", "fmt", "catalog", "paste", "rule", "defaults", "matrix", "diff", "test", "report")


def load_command_modules(package: str, names: tuple[str, ...]):
    for name in names:
        try:
            yield importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise


class Parser(argparse.ArgumentParser):
    """argparse, except that a command line it rejects is never echoed back.

    argparse's "unrecognized arguments: --os-pasword s3cret" would put a mistyped
    option's value (a password, a secret) into terminals and CI logs. Unrecognised
    options are named without their values; other stray words are only counted.
    Sub-command parsers are made from this class too (argparse uses the parent's class).
    """

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error(unrecognized_message(extras))
        return parsed

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {_redact(message)}\n")


def unrecognized_message(extras: list[str]) -> str:
    names = list(dict.fromkeys(word.split("=", 1)[0] for word in extras if word.startswith("-") and word != "-"))
    others = sum(1 for word in extras if not word.startswith("-") or word == "-")
    parts = []
    if names:
        parts.append(("unrecognized option: " if len(names) == 1 else "unrecognized options: ") + " ".join(names))
    if others:
        parts.append(f"{others} unexpected argument{'s' if others > 1 else ''} (not shown: it may be a secret)")
    return "; ".join(parts) + " (see --help)"


def _redact(message: str) -> str:
    # "ambiguous option: --os-pa=VALUE could match ..." names the option with its value.
    return re.sub(r"(--?[\w-]+)=\S+", r"\1=...", message)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with ``only`` just that command's (start-up stays lean: other
    commands' parsers may import heavy libraries, e.g. keystoneauth1 for its options)."""
    parser = Parser(
        prog="policykit",
        description="Lint, evaluate and explain OpenStack policy files, service catalogs and paste pipelines.",
    )
    parser.add_argument("--version", action="version", version=f"policykit {__version__}")
    parser.add_argument("--max-file-size", metavar="SIZE", type=_size,
                        help="largest file read, in bytes or with K/M/G (default: $POLICYKIT_MAX_FILE_SIZE or 16M)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in load_command_modules("policykit.commands", (only,) if only in COMMANDS else COMMANDS):
        module.register(subparsers)
    return parser


def _size(text: str) -> int:
    from policykit.sources import parse_size

    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a size such as 1048576, 512K, 64M or 1G") from None


def _command_name(arguments: list[str]) -> str | None:
    """The command word, skipping the global options before it."""
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if word == "--max-file-size":
            index += 2
        elif word.startswith("--max-file-size="):
            index += 1
        else:
            return word
    return None


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command_name(arguments))
    args = parser.parse_args(arguments)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    from policykit.sources import set_max_file_size

    set_max_file_size(args.max_file_size)
    for stream in (sys.stdout, sys.stderr):
        # A file name with undecodable bytes, or a message quoting one, must not end the run.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return args.func(args)
    except InputError as exc:
        print(f"policykit: error: {exc}", file=sys.stderr)
        return 2
    except PolicykitError as exc:
        print(f"policykit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the file system said no (a name too long, a loop of links ...)
        if isinstance(exc, BrokenPipeError):
            return 0
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"policykit: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except RecursionError:
        # Every reader bounds nesting with a position; this is the last line of defence.
        if os.environ.get("POLICYKIT_DEBUG"):
            raise
        print("policykit: error: the input is nested too deeply to process", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug in policykit: say so in one line unless asked for details
        if os.environ.get("POLICYKIT_DEBUG"):
            raise
        print(
            f"policykit: internal error: {type(exc).__name__}: {exc}\n"
            "  run again with POLICYKIT_DEBUG=1 for the traceback, and report it",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
