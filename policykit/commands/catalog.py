"""``policykit catalog render|query|plan|apply|fetch``.

Offline commands (render, query) live in ``catalog_render``; the ones that talk to a
live Keystone (plan, apply, fetch) in ``catalog_sync``. Each defines
``register(subparsers)`` for its sub-commands.
"""

from __future__ import annotations

from policykit.cli import load_command_modules


def register(subparsers) -> None:
    parser = subparsers.add_parser("catalog", help="render, check and synchronise the Keystone service catalog")
    actions = parser.add_subparsers(dest="catalog_command", metavar="ACTION")
    for module in load_command_modules("policykit.commands", ("catalog_render", "catalog_sync")):
        module.register(actions)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
