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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or with ``only`` just that command's (start-up stays lean: other
    commands' parsers may import heavy libraries, e.g. keystoneauth1 for its options)."""
    parser = argparse.ArgumentParser(
        prog="policykit",
        description="Lint, evaluate and explain OpenStack policy files, service catalogs and paste pipelines.",
    )
    parser.add_argument("--version", action="version", version=f"policykit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in load_command_modules("policykit.commands", (only,) if only in COMMANDS else COMMANDS):
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(arguments[0] if arguments else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
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
    except BrokenPipeError:
        return 0
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
